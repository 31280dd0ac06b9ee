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


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions ("emial" -> "email" is 1); stops above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def close_field(header: str, index: dict[str, str]) -> str | None:
    """The field whose known header (any language) is a near miss of ``header``
    ("Emial", "Voornam", "Geslacht " typed badly): one edit for headers of 5 to 7
    letters, two from 8; None when there is none or two fields are equally close."""
    squashed = vocab.fold(header).replace(" ", "")
    if len(squashed) < 5:
        return None
    limit = 1 if len(squashed) < 8 else 2
    best: dict[str, int] = {}
    for spelling, field in index.items():
        known = spelling.replace(" ", "")
        if len(known) < 4:
            continue
        d = _distance(squashed, known, limit)
        if d <= limit and d < best.get(field, limit + 1):
            best[field] = d
    if not best:
        return None
    top = min(best.values())
    fields = [f for f, d in best.items() if d == top]
    return fields[0] if len(fields) == 1 else None


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
    if "consent" in hits and all(h == "consent" or h.startswith("dim:") for h in hits):
        return "consent"  # "Toestemming herkomst": consent for that dimension
    if len(hits) == 1:
        return hits.pop()
    return None


def _dimension_words(d) -> set[str]:
    words = {vocab.fold(d.name), vocab.fold(d.key)}
    words |= {vocab.fold(s) for s in SYNONYMS.get(f"dim:{d.key}", ())}
    sp = vocab.spec(d.key)
    if sp is not None:
        for lang in i18n.available_languages():
            with i18n.language(lang):
                words.add(vocab.fold(i18n.gettext(sp.name)))
    return {w for w in words if len(w) >= 4}


def consent_scope(headers: Sequence[str], mapping: dict[int, str | None], dimensions: Sequence
                  ) -> dict[int, tuple[frozenset[str], bool]]:
    """Consent column -> (keys of the sensitive dimensions it covers, whether that was a guess).

    A header naming dimensions ("Toestemming herkomst", "Consent religion") covers
    those. A generic one ("Toestemming", "Consent") is ambiguous: it is taken to
    cover the sensitive dimensions the file has columns for (the user may change
    that). A consent never covers a dimension the file has no column for."""
    sensitive = [d for d in dimensions if d.sensitive]
    present = {f[4:] for f in mapping.values() if f and f.startswith("dim:")}
    out: dict[int, tuple[frozenset[str], bool]] = {}
    for col, field in sorted(mapping.items()):
        if field != "consent":
            continue
        words = f" {vocab.fold(headers[col]) if col < len(headers) else ''} "
        named = {d.key for d in sensitive if any(f" {w} " in words for w in _dimension_words(d))}
        if named:
            out[col] = (frozenset(named & present), False)
        else:
            out[col] = (frozenset(d.key for d in sensitive if d.key in present), True)
    return out


def guess_mapping(headers: Sequence[str], dimensions: Sequence) -> dict[int, str | None]:
    """Column index -> field key ("dim:<key>" for dimensions) or None (not imported).

    ``dimensions`` are the event's :class:`DimensionInfo` (anything with ``key``
    and ``name``). A field is taken by the first column that matches it; a
    full-name column is only used when there are no first/last name columns.
    Near misses ("Emial") are mapped too: :func:`close_matches` says which.
    """
    return guess_mapping_explained(headers, dimensions)[0]


def close_matches(headers: Sequence[str], dimensions: Sequence) -> dict[int, str]:
    """Column index -> field key of the columns mapped only because their header is a
    near miss of a known one (to be shown: "Emial → E-mail (close match)")."""
    return guess_mapping_explained(headers, dimensions)[1]


def guess_mapping_explained(headers: Sequence[str], dimensions: Sequence
                            ) -> tuple[dict[int, str | None], dict[int, str]]:
    """(:func:`guess_mapping`, :func:`close_matches`) in one pass."""
    index = header_index(dimensions)
    mapping: dict[int, str | None] = {}
    close: dict[int, str] = {}
    taken: set[str] = set()
    exact = {i: guess_field(h, index) for i, h in enumerate(headers)}
    exact_fields = {f for f in exact.values() if f is not None}
    for i, header in enumerate(headers):
        field = exact[i]
        if field is None:
            near = close_field(header, index)
            if near is not None and near not in exact_fields:
                field = near
                close[i] = near
        if field is not None and field in taken and field != "consent":  # one consent column per dimension
            field = None
            close.pop(i, None)
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
                if i in close:
                    close[i] = replacement  # type: ignore[assignment]
                    if replacement is None:
                        close.pop(i)
    return mapping, close
