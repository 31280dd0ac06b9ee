"""Fictional names and backgrounds for the demo event: the many origins of a
large European port city. All names are common given names and surnames; any
combination is fictional."""

from __future__ import annotations

# origin key -> (share, first names female, first names male, surnames, languages, religion weights)
ORIGINS: dict[str, dict] = {
    "Dutch": dict(
        share=0.42,
        female=["Anne", "Femke", "Sanne", "Marieke", "Lotte", "Ingrid", "Joke", "Wilma", "Esther", "Noor", "Fleur"],
        male=["Jan", "Pieter", "Bram", "Kees", "Henk", "Daan", "Sem", "Willem", "Joost", "Ruud", "Thijs"],
        surnames=["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "van Dijk",
                  "Dekker", "van den Berg", "Verhoeven", "Kuipers", "van Leeuwen"],
        languages="nl,en",
        religion={"No religion": 0.55, "Christian": 0.35, "Humanist": 0.06, "Jewish": 0.02, "Buddhist": 0.02},
    ),
    "Moroccan": dict(
        share=0.10,
        female=["Fatima", "Khadija", "Samira", "Nadia", "Imane", "Soukaina", "Hanane", "Yasmina"],
        male=["Mohamed", "Youssef", "Karim", "Said", "Hamza", "Anouar", "Bilal", "Mustafa"],
        surnames=["El Amrani", "Bouzid", "Benali", "El Idrissi", "Azzouzi", "Ouali", "Chaouch"],
        languages="nl,ar",
        religion={"Muslim": 0.85, "No religion": 0.12, "Christian": 0.03},
    ),
    "Turkish": dict(
        share=0.09,
        female=["Ayşe", "Elif", "Zeynep", "Gülşen", "Özlem", "Şeyma", "Büşra", "Meryem"],
        male=["Mehmet", "Mustafa", "Ömer", "İbrahim", "Oğuz", "Hüseyin", "Barış", "Çağlar"],
        surnames=["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Doğan", "Kılıç"],
        languages="nl,tr",
        religion={"Muslim": 0.8, "No religion": 0.15, "Christian": 0.05},
    ),
    "Surinamese": dict(
        share=0.09,
        female=["Sharmila", "Chantal", "Rosita", "Anjali", "Jennifer", "Priya", "Shirley"],
        male=["Ravi", "Roy", "Glenn", "Sunil", "Marvin", "Rishi", "Clyde"],
        surnames=["Ramdin", "Sewnath", "Kartodikromo", "Wijngaarde", "Biharie", "Pinas", "Soekhoe"],
        languages="nl,srn",
        religion={"Christian": 0.4, "Hindu": 0.3, "Muslim": 0.12, "No religion": 0.18},
    ),
    "Cape Verdean": dict(
        share=0.04,
        female=["Maria", "Ana", "Lúcia", "Filomena", "Jacira"],
        male=["João", "Carlos", "Manuel", "Nelson", "Adilson"],
        surnames=["Fortes", "Lopes", "Tavares", "Gonçalves", "Monteiro", "Semedo"],
        languages="nl,pt",
        religion={"Christian": 0.8, "No religion": 0.2},
    ),
    "Antillean": dict(
        share=0.04,
        female=["Giselle", "Shurandy", "Roxanne", "Jessica"],
        male=["Rignald", "Jurgen", "Shurick", "Edsel"],
        surnames=["Martina", "Isenia", "Statia", "Richardson", "Cijntje"],
        languages="nl,pap",
        religion={"Christian": 0.75, "No religion": 0.25},
    ),
    "Polish": dict(
        share=0.05,
        female=["Agnieszka", "Małgorzata", "Katarzyna", "Zofia", "Joanna"],
        male=["Łukasz", "Paweł", "Krzysztof", "Wojciech", "Michał"],
        surnames=["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Zieliński", "Krawczyk", "Łęcki"],
        languages="pl,en",
        religion={"Christian": 0.8, "No religion": 0.2},
    ),
    "Syrian": dict(
        share=0.05,
        female=["ليلى", "Rania", "Lama", "Hiba", "سلمى"],
        male=["أحمد", "Omar", "Khaled", "Tarek", "يوسف"],
        surnames=["Al-Hassan", "Haddad", "Khoury", "الأحمد", "Darwish", "حداد"],
        languages="ar,en",
        religion={"Muslim": 0.75, "Christian": 0.15, "No religion": 0.1},
    ),
    "Chinese": dict(
        share=0.03,
        female=["Mei", "Li Na", "Xiu Ying", "Hui"],
        male=["Wei", "Jian", "Hao", "Ming"],
        surnames=["Chen", "Wang", "Li", "Zhang", "Liu"],
        languages="nl,zh",
        religion={"No religion": 0.6, "Buddhist": 0.3, "Christian": 0.1},
    ),
    "Ukrainian": dict(
        share=0.03,
        female=["Олена", "Iryna", "Oksana", "Марія"],
        male=["Андрій", "Dmytro", "Taras", "Олег"],
        surnames=["Шевченко", "Kovalenko", "Bondarenko", "Ткаченко"],
        languages="uk,en",
        religion={"Christian": 0.75, "No religion": 0.25},
    ),
    "Greek": dict(
        share=0.02,
        female=["Ελένη", "Maria", "Dimitra"],
        male=["Γιώργος", "Nikos", "Kostas"],
        surnames=["Papadopoulos", "Παπαδάκης", "Georgiou"],
        languages="el,en",
        religion={"Christian": 0.85, "No religion": 0.15},
    ),
    "Somali": dict(
        share=0.02,
        female=["Hodan", "Amina", "Faadumo"],
        male=["Abdi", "Mahad", "Liban"],
        surnames=["Warsame", "Farah", "Mohamud"],
        languages="so,nl",
        religion={"Muslim": 0.95, "No religion": 0.05},
    ),
    "Eritrean": dict(
        share=0.02,
        female=["Senait", "Luwam", "Helen"],
        male=["Yonas", "Filmon", "Dawit"],
        surnames=["Tesfay", "Ghebremariam", "Habte"],
        languages="ti,en",
        religion={"Christian": 0.8, "Muslim": 0.2},
    ),
}

# neighbourhoods: the two banks of the river; origin shifts the distribution
NEIGHBOURHOODS_NORTH = ["Centrum", "Kralingen", "Blijdorp", "Delfshaven", "Noord", "Crooswijk", "Hillegersberg"]
NEIGHBOURHOODS_SOUTH = ["Feijenoord", "Charlois", "IJsselmonde", "Hoogvliet", "Afrikaanderwijk", "Kop van Zuid",
                        "Carnisse"]

ORGANISATIONS = [
    "Wijkteam Zuid", "Buurthuis De Brug", "Moskee Mevlana", "Laurenskerk", "Erasmus MC", "Gemeente",
    "Hogeschool", "Voedselbank", "Taalhuis", "Sportclub Feyenoord Zuid", "Bibliotheek", "Vrouwencentrum",
    "Jongerenwerk", "Havenbedrijf", "Surinaamse vereniging", "Oekraïense gemeenschap", "Scouting",
    "Woningcorporatie", "Seniorencentrum Het Anker", "Stichting Nieuwkomers",
]

VENUES = [
    ("Stadhuis Rotterdam", "Coolsingel 40", True),
    ("Buurthuis De Brug", "Afrikaanderplein 3", True),
    ("Moskee Mevlana", "Mathenesserweg 8", False),
    ("Laurenskerk", "Grotekerkplein 27", True),
    ("Bibliotheek Zuid", "Slinge 2", True),
]

# Marked for translation: origin and religion labels become category labels in
# the event's language.
from dialogue_app.i18n import N_  # noqa: E402

TRANSLATED_LABELS = (
    N_("Dutch"), N_("Moroccan"), N_("Turkish"), N_("Surinamese"), N_("Cape Verdean"), N_("Antillean"),
    N_("Polish"), N_("Syrian"), N_("Chinese"), N_("Ukrainian"), N_("Greek"), N_("Somali"), N_("Eritrean"),
    N_("No religion"), N_("Christian"), N_("Muslim"), N_("Jewish"), N_("Hindu"), N_("Buddhist"), N_("Humanist"),
)
