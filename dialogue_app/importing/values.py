"""Recognising cell values in English, Dutch, French and Portuguese.

Yes/no answers, roles, attendance, languages, "prefer not to say", ages and
age bands, and the identity of a person (to recognise the same person twice).
Pure functions over text; no database.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata

import babel

from dialogue_app import i18n, vocab
from dialogue_app.wording import Attendance, Role


@functools.lru_cache(maxsize=32768)
def key(text: str) -> str:
    """Fold for matching, like :func:`vocab.fold` (case, accents, punctuation) but keeping
    letters that have no ASCII form, so "يوسف" or "Łęcki" still match themselves."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\s_\-./]+", " ", text).strip()


YES = frozenset(key(s) for s in (
    "yes", "y", "ja", "j", "oui", "o", "sim", "s", "si", "1", "true", "x", "waar", "vrai", "verdadeiro",
    "ok", "akkoord", "d'accord", "accord", "agree", "agreed", "consent", "given", "gegeven", "donne",
))
NO = frozenset(key(s) for s in (
    "no", "n", "nee", "neen", "non", "nao", "não", "0", "false", "onwaar", "faux", "falso", "geen", "none",
    "refused", "geweigerd", "refuse", "recusado", "",
))

_ROLE_SPELLINGS = {
    Role.PARTICIPANT.value: ("participant", "participants", "deelnemer", "deelneemster", "deelnemers", "participante",
                    "guest", "gast", "invite", "invitee", "convidado", "convidada", "resident", "bewoner"),
    Role.FACILITATOR.value: ("facilitator", "facilitators", "gespreksleider", "gespreksbegeleider", "tafelbegeleider",
                    "animateur", "animatrice", "facilitateur", "facilitatrice", "facilitador", "facilitadora",
                    "moderator", "moderateur", "moderador"),
    Role.HOST.value: ("host", "hosts", "hostess", "gastheer", "gastvrouw", "gastheer gastvrouw", "gastvrouw gastheer",
             "hote", "hotesse", "hote hotesse", "anfitriao", "anfitria", "anfitria anfitriao"),
    Role.TRAINER.value: ("trainer", "trainers", "formateur", "formatrice", "formador", "formadora", "opleider",
                "instructor", "instructeur"),
}

_ATTENDANCE_SPELLINGS = {
    Attendance.REGISTERED.value: ("registered", "aangemeld", "ingeschreven", "geregistreerd", "inscrit", "inscrite",
                   "inscrito", "inscrita", "registado", "registada", "registrado", "registrada", "expected",
                   "verwacht", "attendu", "esperado"),
    Attendance.PRESENT.value: ("present", "aanwezig", "presente", "attended", "came", "checked in", "ingecheckt", "venu",
                "veio"),
    Attendance.ABSENT.value: ("absent", "absente", "afwezig", "ausente", "no show", "noshow", "niet gekomen", "not present",
               "niet aanwezig"),
    Attendance.CANCELLED.value: ("cancelled", "canceled", "afgemeld", "geannuleerd", "annule", "annulee", "desiste",
                  "desistee", "cancelado", "cancelada", "desistiu"),
}

_SPLIT = re.compile(r"\s*(?:[,;/+&|\n]|\s(?:and|en|et|e|und)\s)\s*", re.IGNORECASE)


def split_list(text: str) -> list[str]:
    return [p for p in (s.strip() for s in _SPLIT.split(text or "")) if p]


def yes_no(text: str) -> bool | None:
    """True / False for a yes/no answer in four languages (empty = no); None when not recognised."""
    f = key(text)
    if f in YES:
        return True
    if f in NO:
        return False
    return None


@functools.lru_cache(maxsize=4)
def _translated(langs: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    from dialogue_app.wording import attendance_label, role_label

    roles: dict[str, str] = {}
    attendance: dict[str, str] = {}
    pnts = set(vocab.PREFER_NOT_SYNONYMS)
    for role, spellings in _ROLE_SPELLINGS.items():
        for s in spellings:
            roles[key(s)] = role
    for status, spellings in _ATTENDANCE_SPELLINGS.items():
        for s in spellings:
            attendance[key(s)] = status
    for lang in langs:
        with i18n.language(lang):
            for role in Role:
                roles.setdefault(key(role_label(role)), role.value)
            for status in Attendance:
                attendance.setdefault(key(attendance_label(status)), status.value)
            pnts.add(key(i18n.gettext(vocab.PREFER_NOT_TO_SAY)))
    return roles, attendance, frozenset(pnts)


@functools.lru_cache(maxsize=1)
def catalog_languages() -> tuple[str, ...]:
    return tuple(i18n.available_languages())


def _tables():
    return _translated(catalog_languages())


def is_prefer_not(text: str) -> bool:
    return key(text) in _tables()[2]


def parse_roles(text: str) -> tuple[set[str], list[str]]:
    """(roles recognised, parts not recognised)."""
    index = _tables()[0]
    roles: set[str] = set()
    unknown: list[str] = []
    for part in split_list(text):
        role = index.get(key(part))
        if role is None:
            unknown.append(part)
        else:
            roles.add(role)
    return roles, unknown


def parse_attendance(text: str) -> str | None:
    """An attendance status, or None when not recognised (empty text is "registered")."""
    f = key(text)
    if not f:
        return Attendance.REGISTERED.value
    status = _tables()[1].get(f)
    if status is not None:
        return status
    yn = yes_no(text)
    if yn is True:
        return Attendance.PRESENT.value
    if yn is False:
        return Attendance.ABSENT.value
    return None


@functools.lru_cache(maxsize=1)
def _language_index() -> dict[str, str]:
    index: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    for loc in ("en", "nl", "fr", "pt", "de", "es"):
        for code, name in babel.Locale.parse(loc).languages.items():
            if "_" in code or not code.isalpha():
                continue
            names.append((code, name))
    # two-letter codes first: "Arabic" is "ar", not one of the Arabic varieties' codes
    names.sort(key=lambda cn: (len(cn[0]) != 2, cn[0]))
    for code, name in names:
        index.setdefault(key(name), code)
    for code, _name in names:
        index.setdefault(code.lower(), code.lower())
    extra = {"nederlands": "nl", "vlaams": "nl", "flemish": "nl", "engels": "en", "anglais": "en",
             "frans": "fr", "portugees": "pt", "arabisch": "ar", "turks": "tr", "berber": "ber",
             "tamazight": "ber", "berbers": "ber", "sranan": "srn", "sranantongo": "srn",
             "papiaments": "pap", "papiamento": "pap", "chinees": "zh", "mandarijn": "zh", "mandarin": "zh",
             "pools": "pl", "crioulo": "kea", "kriolu": "kea", "kaapverdisch": "kea", "gebarentaal": "sgn",
             "sign language": "sgn", "langue des signes": "sgn", "nlgt": "sgn"}
    for name, code in extra.items():
        index.setdefault(key(name), code)
    return index


def parse_languages(text: str) -> tuple[list[str], list[str]]:
    """(ISO codes in order, parts not recognised) for "Nederlands, English" or "nl;en"."""
    index = _language_index()
    codes: list[str] = []
    unknown: list[str] = []
    for part in split_list(text):
        f = key(part)
        code = index.get(f)
        if code is None and "-" in part:  # "pt-BR", "nl_BE"
            code = index.get(key(re.split(r"[-_]", part)[0]))
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


_AGE = re.compile(r"^\s*(\d{1,3})(?:[.,]0+)?\s*(?:jaar|jr|ans?|anos?|years?|yrs?|y|j)?\.?\s*$", re.IGNORECASE)
_AGE_RANGE = re.compile(r"^\s*(\d{1,3})\s*(?:-|–|—|to|tot|a|à|até|t/m)\s*(\d{1,3})\s*(?:jaar|ans|anos|years)?\s*$",
                        re.IGNORECASE)
_AGE_PLUS = re.compile(r"^\s*(\d{1,3})\s*\+\s*$")


def parse_age(text: str) -> int | None:
    m = _AGE.match(text or "")
    return int(m.group(1)) if m else None


_YEAR = re.compile(r"^\s*(1[89]\d\d|20\d\d)\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_DATE_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def age_from_birth(text: str, on: dt.date) -> int | None:
    """Age on a date from a birth year ("1985") or birth date ("1985-03-12", "12-03-1985",
    "12/03/1985": day first, as in the four languages); None when the text is neither."""
    m = _YEAR.match(text or "")
    if m:
        return on.year - int(m.group(1))
    m = _DATE_ISO.match(text or "")
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DATE_DMY.match(text or "")
        if not m:
            return None
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        born = dt.date(y, mo, d)
    except ValueError:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band_from_text(text: str) -> tuple[str | None, str]:
    """("18-24", "") for "18-24", "19", "80+"; (None, "range") for an age out of range;
    (None, "") when the text is not about numbers at all."""
    age = parse_age(text)
    if age is not None:
        try:
            return vocab.age_band_key(age), ""
        except ValueError:
            return None, "range"
    m = _AGE_RANGE.match(text or "")
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        for low, high, key in vocab.AGE_BANDS:
            if lo >= low and (high is None or hi <= high) and lo <= hi:
                return key, ""
        return None, "unknown"
    m = _AGE_PLUS.match(text or "")
    if m:
        n = int(m.group(1))
        for low, high, key in vocab.AGE_BANDS:
            if high is None and n >= low:
                return key, ""
        return None, "unknown"
    return None, ""


_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]{2,}$")


def valid_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def clean_text(text: str) -> str:
    return re.sub(r"[ \t]+", " ", (text or "").strip())


def split_full_name(text: str) -> tuple[str, str]:
    """"Jan de Vries" -> ("Jan", "de Vries"); "de Vries, Jan" -> ("Jan", "de Vries")."""
    text = clean_text(text.replace("\n", " "))
    if "," in text:
        last, _sep, first = text.partition(",")
        return first.strip(), last.strip()
    first, _sep, last = text.partition(" ")
    return first.strip(), last.strip()


def identity_keys(first: str, last: str, email: str, phone: str) -> list[str]:
    """Normalised identities of a person: folded name + e-mail, folded name + phone
    (last 9 digits, so "06-1234 5678" and "+31 6 12345678" match), or the name alone
    when there is neither."""
    name = key(f"{first} {last}")
    if not name:
        return []
    keys = []
    if email.strip():
        keys.append(f"{name}|e:{email.strip().lower()}")
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) >= 6:
        keys.append(f"{name}|p:{digits[-9:]}")
    if not keys:
        keys.append(f"{name}|")
    return keys


def identity_hash(key: str) -> str:
    """What :attr:`Person.identity_key` stores: a hash, not the name and address themselves."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]


def identity_key(first: str, last: str, email: str, phone: str) -> str:
    keys = identity_keys(first, last, email, phone)
    return identity_hash(keys[0]) if keys else ""


# --------------------------------------------------------------------------- categories across languages

#: Extra spellings of the app's built-in origin and religion categories (English source labels of
#: ``demo_data.TRANSLATED_LABELS``), besides their translations in every catalog language:
#: inflected adjectives, countries, Portuguese, German and Turkish forms people type.
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Dutch": ("nederlands", "nederlandse", "nederlander", "nederland", "hollands", "hollandse", "netherlands",
              "neerlandais", "neerlandaise", "pays bas", "holandes", "holandesa", "neerlandes", "niederlandisch",
              "hollandaca"),
    "Moroccan": ("marokkaans", "marokkaanse", "marokko", "morocco", "marocain", "marocaine", "maroc",
                 "marroquino", "marroquina", "marrocos", "marokkanisch", "fasli"),
    "Turkish": ("turks", "turkse", "turkije", "turkey", "turc", "turque", "turquie", "turco", "turca", "turquia",
                "turkisch", "turk", "turkiye"),
    "Surinamese": ("surinaams", "surinaamse", "suriname", "surinamais", "surinamaise", "surinames", "surinamesa"),
    "Cape Verdean": ("kaapverdiaans", "kaapverdiaanse", "kaapverdisch", "kaapverdische", "kaapverdie", "cabo verde", "cap vert", "cape verde",
                     "capverdien", "capverdienne", "cabo verdiano", "cabo verdiana", "caboverdiano"),
    "Antillean": ("antilliaans", "antilliaanse", "antillen", "antillais", "antillaise", "antilhano"),
    "Polish": ("pools", "poolse", "polen", "poland", "polonais", "polonaise", "pologne", "polaco", "polaca",
               "polnisch", "polski", "polska"),
    "Syrian": ("syrisch", "syrische", "syrie", "syria", "syrien", "syrienne", "sirio", "siria"),
    "Chinese": ("chinees", "chinese", "china", "chinois", "chinoise", "chine", "chines", "chinesa"),
    "Ukrainian": ("oekraiens", "oekraiense", "oekraine", "ukraine", "ukrainien", "ukrainienne", "ucraniano",
                  "ucraniana", "ukrainisch"),
    "Greek": ("grieks", "griekse", "griekenland", "greece", "grec", "grecque", "grece", "grego", "grega"),
    "Somali": ("somalisch", "somalische", "somalie", "somalia", "somalien", "somalienne", "somali", "somaliano"),
    "Eritrean": ("eritrees", "eritrese", "eritrea", "erythreen", "erythreenne", "erythree", "eritreu",
                 "eritreia"),
    "No religion": ("geen", "geen religie", "geen geloof", "niet gelovig", "none", "no religion", "atheist",
                    "atheistisch", "atheisme", "sans religion", "aucune", "athee", "sem religiao", "nenhuma",
                    "ateu", "keine"),
    "Christian": ("christelijk", "christelijke", "christen", "chretien", "chretienne", "cristao", "crista",
                  "christlich", "christianity", "christendom"),
    "Muslim": ("islamitisch", "islamitische", "moslim", "islam", "musulman", "musulmane", "muculmano",
               "muculmana", "muslimisch", "muslima"),
    "Jewish": ("joods", "joodse", "jood", "jodendom", "judaism", "juif", "juive", "judaisme", "judeu", "judia",
               "judisch"),
    "Hindu": ("hindoe", "hindoeistisch", "hindoeisme", "hindou", "hindoue", "hinduism", "hinduista"),
    "Buddhist": ("boeddhist", "boeddhistisch", "boeddhisme", "bouddhiste", "bouddhisme", "budista", "buddhism"),
    "Humanist": ("humanistisch", "humanistische", "humanisme", "humaniste", "humanista", "humanism"),
}


@functools.lru_cache(maxsize=4)
def _concepts(langs: tuple[str, ...]) -> dict[str, str]:
    from dialogue_app.demo_data import TRANSLATED_LABELS

    index: dict[str, str] = {}
    for source in TRANSLATED_LABELS:
        index.setdefault(key(source), source)
        for s in CATEGORY_SYNONYMS.get(source, ()):
            index.setdefault(key(s), source)
    for lang in langs:
        with i18n.language(lang):
            for source in TRANSLATED_LABELS:
                index.setdefault(key(i18n.gettext(source)), source)
    return index


def category_concept(text: str) -> str | None:
    """The built-in category (its English source label) a value names in any language the app
    knows: "Nederlands", "Néerlandaise", "dutch " -> "Dutch"; None for anything else."""
    return _concepts(catalog_languages()).get(key(text))


def concept_dimension(concept: str) -> str | None:
    """"origin" or "religion": the built-in dimension a concept belongs to."""
    from dialogue_app.demo_data import TRANSLATED_LABELS

    if concept not in TRANSLATED_LABELS:
        return None
    return "religion" if TRANSLATED_LABELS.index(concept) >= TRANSLATED_LABELS.index("No religion") else "origin"


def concept_spellings(concept: str) -> list[str]:
    """Every folded spelling of a built-in category (see :func:`category_concept`)."""
    return [k for k, c in _concepts(catalog_languages()).items() if c == concept]


def concept_label(concept: str, lang: str) -> str:
    """A built-in category's label in the event's language ("Dutch" -> "Nederlands" in nl)."""
    with i18n.language(lang or "en"):
        return i18n.gettext(concept)


#: how birth dates may be written (shown when one cannot be read)
DATE_FORMATS = "1985, 1985-03-12, 12-03-1985, 12/03/1985, 12.03.1985"
_DATE_SHAPED = re.compile(r"^\s*\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}\s*$")


def looks_like_date(text: str) -> bool:
    """"31-02-1980", "1980/13/01": meant as a date (even an impossible one)."""
    return bool(_DATE_SHAPED.match(text or ""))
