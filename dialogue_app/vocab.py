"""Built-in vocabulary: the default diversity dimensions, their categories and
the spellings people use for them in English, Dutch, French and Portuguese.

Names and labels are marked with :func:`N_` and translated into the event's
language when an event is created (they are editable afterwards). Synonyms are
matched after :func:`fold` (lower case, no accents, single spaces).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from dialogue_app.i18n import N_


def fold(text: str) -> str:
    """Normalise for matching: "  Vrouw " -> "vrouw", "Âge" -> "age"."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[\s_\-./]+", " ", text.strip().lower())
    return text.strip()


@dataclass(frozen=True)
class CategorySpec:
    key: str
    label: str  # English source label, marked with N_
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    name: str
    kind: str  # nominal | ordinal
    sensitive: bool = False
    open: bool = True
    dont_isolate: bool = False
    weight: float = 1.0
    categories: tuple[CategorySpec, ...] = field(default_factory=tuple)


AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 17, "0-17"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 49, "35-49"),
    (50, 64, "50-64"),
    (65, 79, "65-79"),
    (80, None, "80+"),
)
MIN_AGE, MAX_AGE = 10, 110

PREFER_NOT_TO_SAY = N_("Prefer not to say")
PREFER_NOT_SYNONYMS = frozenset(
    fold(s)
    for s in (
        "prefer not to say", "rather not say", "prefer not", "not disclosed", "pnts",
        "zeg ik liever niet", "wil ik niet zeggen", "liever niet", "geen antwoord",
        "je prefere ne pas repondre", "prefere ne pas repondre", "ne souhaite pas repondre",
        "prefiro nao dizer", "prefiro nao responder",
    )
)

DEFAULT_DIMENSIONS: tuple[DimensionSpec, ...] = (
    DimensionSpec(
        "age_band", N_("Age band"), "ordinal", open=False,
        categories=(
            CategorySpec("0-17", N_("Under 18"), ("under 18", "onder 18", "jonger dan 18", "moins de 18")),
            CategorySpec("18-24", N_("18–24"), ("18 24",)),
            CategorySpec("25-34", N_("25–34"), ("25 34",)),
            CategorySpec("35-49", N_("35–49"), ("35 49",)),
            CategorySpec("50-64", N_("50–64"), ("50 64",)),
            CategorySpec("65-79", N_("65–79"), ("65 79",)),
            CategorySpec("80+", N_("80 and over"), ("80+", "80 plus", "80 en ouder", "80 et plus", "80 ou mais")),
        ),
    ),
    DimensionSpec(
        "gender", N_("Gender"), "nominal", open=False,
        categories=(
            CategorySpec("female", N_("Woman"), (
                "f", "v", "w", "female", "woman", "women", "vrouw", "vrouwelijk", "femme", "feminin",
                "feminine", "f minin", "mulher", "feminino", "girl", "meisje", "fille", "menina",
            )),
            CategorySpec("male", N_("Man"), (
                "m", "h", "male", "man", "men", "mannelijk", "homme", "masculin", "homem",
                "masculino", "boy", "jongen", "garcon", "menino",
            )),
            CategorySpec("nonbinary", N_("Non-binary or other"), (
                "x", "non binary", "nonbinary", "non binair", "niet binair", "non binaire", "nao binario",
                "other", "anders", "autre", "outro", "genderqueer", "divers",
            )),
        ),
    ),
    DimensionSpec("origin", N_("Cultural origin"), "nominal", sensitive=True, dont_isolate=True),
    DimensionSpec("religion", N_("Religion or worldview"), "nominal", sensitive=True, dont_isolate=True),
    DimensionSpec(
        "education", N_("Education level"), "ordinal", open=False,
        categories=(
            CategorySpec("primary", N_("Primary school"), (
                "primary", "primary school", "basisschool", "lagere school", "basisonderwijs",
                "ecole primaire", "primaire", "ensino basico", "ensino primario", "none", "geen",
            )),
            CategorySpec("lower_secondary", N_("Lower secondary"), (
                "lower secondary", "vmbo", "mavo", "lbo", "vbo", "college", "brevet", "cap", "bep",
                "ensino fundamental", "3o ciclo",
            )),
            CategorySpec("upper_secondary", N_("Upper secondary or vocational"), (
                "upper secondary", "secondary", "vocational", "havo", "vwo", "mbo", "lycee", "bac",
                "baccalaureat", "secondaire", "ensino secundario", "ensino medio", "high school",
                "middelbare school", "voortgezet onderwijs",
            )),
            CategorySpec("bachelor", N_("Higher education (bachelor)"), (
                "bachelor", "hbo", "licence", "bts", "dut", "but", "licenciatura", "college degree",
                "hogeschool", "undergraduate",
            )),
            CategorySpec("master", N_("University (master or doctorate)"), (
                "master", "wo", "universiteit", "university", "doctorate", "phd", "doctoraat",
                "doctorat", "mestrado", "doutoramento", "doutorado", "postgraduate",
            )),
        ),
    ),
    DimensionSpec("neighbourhood", N_("Neighbourhood"), "nominal"),
    DimensionSpec("organisation", N_("Organisation"), "nominal", weight=0.5),
)

SENSITIVE_KEYS = frozenset(d.key for d in DEFAULT_DIMENSIONS if d.sensitive)


def spec(key: str) -> DimensionSpec | None:
    return next((d for d in DEFAULT_DIMENSIONS if d.key == key), None)


def age_band_key(age: int) -> str:
    """The key of the age band holding ``age`` (ValueError when out of range)."""
    if not MIN_AGE <= age <= MAX_AGE:
        raise ValueError(age)
    for low, high, key in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return key
    raise ValueError(age)  # pragma: no cover
