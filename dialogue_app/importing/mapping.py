"""Mapping columns to fields from their headers (English, Dutch, French, Portuguese).

Headers are compared after :func:`dialogue_app.vocab.fold` (case, accents,
punctuation). Dimension columns also match the event's own dimension names and
keys, so a file exported by this app (headers in the interface language) maps
back by itself. Each field is taken by the first column that matches it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from dialogue_app import i18n, vocab
from dialogue_app.importing.model import _LABELS, FIELD_KEYS

#: field -> header spellings (folded when used). Dimension keys use "dim:<key>".
SYNONYMS: dict[str, tuple[str, ...]] = {
    "first_name": (
        "first name", "firstname", "given name", "forename", "christian name", "voornaam", "roepnaam",
        "voornamen", "prenom", "prenoms", "primeiro nome", "nome proprio", "first",
    ),
    "last_name": (
        "last name", "lastname", "surname", "family name", "achternaam", "familienaam", "geslachtsnaam",
        "nom de famille", "apelido", "sobrenome", "ultimo nome", "last",
    ),
    "full_name": (
        "name", "full name", "naam", "volledige naam", "nom", "nom complet", "nome", "nome completo",
        "participant", "deelnemer", "participante",
    ),
    "email": (
        "email", "e mail", "mail", "email address", "e mail address", "e mailadres", "emailadres", "mailadres",
        "adresse e mail", "adresse email", "courriel", "mel", "endereco de email", "endereco de e mail",
        "correio eletronico",
    ),
    "phone": (
        "phone", "telephone", "phone number", "telephone number", "mobile", "mobile phone", "cell", "cellphone",
        "gsm", "telefoon", "telefoonnummer", "mobiel", "mobiel nummer", "tel", "telephone portable", "portable",
        "numero de telephone", "telefone", "telemovel", "telemóvel", "celular", "numero de telefone",
    ),
    "code": (
        "code", "participant code", "deelnemerscode", "code deelnemer", "code participant", "codigo",
        "codigo do participante", "id code", "badge code",
    ),
    "roles": (
        "role", "roles", "rol", "rollen", "functie", "fonction", "papel", "papeis", "funcao",
    ),
    "languages": (
        "languages", "language", "languages spoken", "talen", "taal", "gesproken talen", "langues", "langue",
        "langues parlees", "idiomas", "idioma", "linguas", "lingua",
    ),
    "wheelchair": (
        "wheelchair", "wheelchair user", "rolstoel", "rolstoelgebruiker", "fauteuil roulant",
        "utilisateur de fauteuil roulant", "cadeira de rodas", "utilizador de cadeira de rodas",
    ),
    "needs": (
        "needs", "accessibility needs", "access needs", "special needs", "requirements", "behoeften",
        "toegankelijkheid", "bijzonderheden", "besoins", "besoins d accessibilite", "besoins particuliers",
        "necessidades", "necessidades de acessibilidade",
    ),
    "attendance": (
        "attendance", "present", "status", "aanwezig", "aanwezigheid", "presence", "presente", "presenca",
        "statut", "estado",
    ),
    # a birth year or date is turned into the age on the event's date
    "age": ("age", "leeftijd", "idade", "edad", "alter", "birth year", "year of birth", "date of birth", "birth date",
            "birthdate", "dob", "geboortejaar", "geboortedatum", "annee de naissance", "date de naissance",
            "ano de nascimento", "data de nascimento"),
    "consent": (
        "consent", "toestemming", "consentement", "consentimento", "akkoord", "accord", "gdpr consent",
        "avg toestemming", "consent sensitive data", "toestemming gevoelige gegevens",
    ),
    "notes": ("notes", "note", "remarks", "comments", "opmerkingen", "opmerking", "notities", "remarques",
              "commentaires", "notas", "observacoes", "comentarios"),
    "dim:age_band": (
        "age band", "age group", "age range", "leeftijdsgroep", "leeftijdscategorie", "leeftijdsklasse",
        "tranche d age", "classe d age", "groupe d age", "faixa etaria", "grupo etario",
    ),
    "dim:gender": ("gender", "sex", "geslacht", "gender identity", "sexe", "genre", "genero", "sexo"),
    "dim:origin": (
        "origin", "cultural origin", "background", "cultural background", "ethnicity", "herkomst", "afkomst",
        "culturele achtergrond", "achtergrond", "origine", "origine culturelle", "origem", "origem cultural",
    ),
    "dim:religion": (
        "religion", "religion or worldview", "faith", "belief", "worldview", "religie", "geloof",
        "levensbeschouwing", "religie of levensbeschouwing", "croyance", "conviction", "religiao", "crenca",
    ),
    "dim:education": (
        "education", "education level", "level of education", "schooling", "opleiding", "opleidingsniveau",
        "onderwijs", "niveau d etudes", "etudes", "formation", "diplome", "escolaridade", "educacao",
        "nivel de escolaridade", "habilitacoes",
    ),
    "dim:neighbourhood": (
        "neighbourhood", "neighborhood", "district", "area", "wijk", "buurt", "stadsdeel", "woonwijk",
        "quartier", "bairro", "freguesia", "zone",
    ),
    "dim:organisation": (
        "organisation", "organization", "organisatie", "org", "vereniging", "association", "employer",
        "werkgever", "organisme", "structure", "organizacao", "entidade", "associacao",
    ),
}


@functools.lru_cache(maxsize=8)
def _label_spellings(langs: tuple[str, ...]) -> dict[str, str]:
    """folded translated field label -> field, in every catalog language (exports map back)."""
    out: dict[str, str] = {}
    for lang in langs:
        with i18n.language(lang):
            for key, label in _LABELS.items():
                out.setdefault(vocab.fold(i18n.gettext(label)), key)
            for spec in vocab.DEFAULT_DIMENSIONS:
                out.setdefault(vocab.fold(i18n.gettext(spec.name)), f"dim:{spec.key}")
    return out


def _static_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field, spellings in SYNONYMS.items():
        for s in spellings:
            index.setdefault(vocab.fold(s), field)
    for spelling, field in _label_spellings(tuple(i18n.available_languages())).items():
        index.setdefault(spelling, field)
    return index


def header_index(dimensions: Iterable) -> dict[str, str]:
    """folded header -> field key for the event's dimensions and the built-in fields."""
    dims = list(dimensions)
    keys = {d.key for d in dims}
    index: dict[str, str] = {}
    # the event's own names first: a renamed or custom dimension wins over a synonym
    for d in dims:
        index.setdefault(vocab.fold(d.name), f"dim:{d.key}")
        index.setdefault(vocab.fold(d.key), f"dim:{d.key}")
    for spelling, field in _static_index().items():
        if field.startswith("dim:") and field[4:] not in keys:
            continue
        index.setdefault(spelling, field)
    for k in FIELD_KEYS:
        index.setdefault(vocab.fold(k), k)
    return index


def guess_field(header: str, index: dict[str, str]) -> str | None:
    folded = vocab.fold(header)
    if not folded:
        return None
    if folded in index:
        return index[folded]
    squashed = folded.replace(" ", "")
    for spelling, field in index.items():
        if spelling.replace(" ", "") == squashed:
            return field
    # "E-mail address of the participant", "Telefoon (mobiel)": a known word inside the header
    words = f" {folded} "
    hits = {field for spelling, field in index.items() if len(spelling) >= 4 and f" {spelling} " in words}
    if len(hits) == 1:
        return hits.pop()
    return None


def guess_mapping(headers: Sequence[str], dimensions: Sequence) -> dict[int, str | None]:
    """Column index -> field key ("dim:<key>" for dimensions) or None (not imported).

    ``dimensions`` are the event's :class:`DimensionInfo` (anything with ``key``
    and ``name``). A field is taken by the first column that matches it; a
    full-name column is only used when there are no first/last name columns.
    """
    index = header_index(dimensions)
    mapping: dict[int, str | None] = {}
    taken: set[str] = set()
    for i, header in enumerate(headers):
        field = guess_field(header, index)
        if field is not None and field in taken:
            field = None
        if field is not None:
            taken.add(field)
        mapping[i] = field
    if "full_name" in taken and ({"first_name", "last_name"} & taken):
        # "Naam" next to "Voornaam" (or "Nom" next to "Prénom") is the surname;
        # "Nome" next to "Apelido" is the given name.
        if {"first_name", "last_name"} <= taken:
            replacement = None
        elif "first_name" in taken:
            replacement = "last_name"
        else:
            replacement = "first_name"
        for i, f in mapping.items():
            if f == "full_name":
                mapping[i] = replacement
    return mapping
