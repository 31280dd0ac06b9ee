"""The plain inputs of the printed documents: frozen dataclasses that the renderers of
:mod:`dialogue_app.printing` draw, built from the event file by
:mod:`dialogue_app.services.printing.collect`, and the pure helpers that shape them (sort keys,
first names as a table calls each other, Blau's index).

No input carries a value of a sensitive dimension; the diversity figures of the
report are event-level aggregates.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass, field

from dialogue_app.wording import distinct_first_names

# --- the event ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventInfo:
    title: str
    theme: str
    date: dt.date | None
    start_time: dt.time | None
    language: str
    kind: str  # dialogue | training

    @property
    def is_training(self) -> bool:
        return self.kind == "training"


# --- people and seats --------------------------------------------------------------------------

@dataclass(frozen=True)
class Seat:
    person_id: uuid.UUID
    code: str
    first_name: str
    last_name: str
    roles: frozenset[str]
    table_number: int | None
    #: with more than one round: the table in rounds 2, 3, … (None: no seat in that round)
    later_tables: tuple[int | None, ...] = ()
    #: the language this person reads (:func:`person_language`); "" = the document's language
    language: str = ""

    @property
    def is_facilitator(self) -> bool:
        return "facilitator" in self.roles

    @property
    def is_participant(self) -> bool:
        return bool(self.roles & {"participant", "host"})


def person_language(languages: str, document_language: str, available: tuple[str, ...] | list[str]) -> str:
    """The language a person reads on paper: the first of their recorded languages ("ar,nl",
    comma-separated ISO 639-1 codes) that the app has a catalog for; "" (the document's language)
    when none has one or it is the document's language."""
    for code in (languages or "").split(","):
        code = code.strip().lower().replace("-", "_").split("_")[0]
        if code in available:
            return "" if code == document_language else code
    return ""


# --- badges ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BadgeInput:
    first_name: str
    last_name: str
    table_number: int | None
    code: str  # the only content of the QR code
    role: str = "participant"  # participant | facilitator | host | trainer (shown for staff)
    later_tables: tuple[int | None, ...] = ()  # rounds 2, 3, … (None: no seat in that round)
    language: str = ""  # the words of the badge ("Table 3") in this language; "" = the document's


#: the orders badges can be printed in: by table (for handing out per table) or by name (a pick-up desk)
BADGE_ORDERS = ("table", "name")

#: letters that Unicode does not decompose into a base letter and a mark
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h",
                          "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ŋ": "n"})


def collation_key(text: str) -> tuple[str, str]:
    """A sort key that does not depend on the machine's locale: letters with diacritics sort with
    their base letter ("Çelik" with C, "Ødegaard" with O, "Łukasz" with L), case is ignored, and
    the accents only break ties."""
    folded = unicodedata.normalize("NFKD", text.strip().translate(_LETTERS))
    base = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return base, text.strip().casefold()


def name_order_key(first_name: str, last_name: str) -> tuple:
    """Last name, then first name (someone with one name sorts by that name)."""
    return collation_key(last_name or first_name), collation_key(first_name if last_name else "")


# --- tables ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TableInput:
    number: int
    name: str
    venue: str
    venue_address: str
    facilitators: tuple[str, ...]  # full names
    first_names: tuple[str, ...]  # participants (hosts included)
    is_training: bool = False
    #: with more than one round: the facilitators at this table in rounds 2, 3, …
    later_facilitators: tuple[tuple[str, ...], ...] = ()
    #: with more than one round: each participant's (``first_names``) tables in rounds 2, 3, …
    later_tables: tuple[tuple[int | None, ...], ...] = ()
    #: each participant's (``first_names``) language for the words of their name tent ("" = the document's)
    languages: tuple[str, ...] = ()


def shown_first_names(people: list[Seat]) -> tuple[str, ...]:
    """First names as the table calls each other: two Jessicas become "Jessica R." and "Jessica S." (the
    facilitation screen's ``distinct_first_names``)."""
    return tuple(distinct_first_names([(s.first_name, s.last_name) for s in people]))


# --- facilitator guides ------------------------------------------------------------------------

@dataclass(frozen=True)
class GuidePhaseInput:
    title: str
    minutes: int
    start: dt.datetime | dt.time | None = None
    end: dt.datetime | dt.time | None = None
    purpose: str = ""
    question: str = ""
    back_pocket: tuple[str, ...] = ()
    say: str = ""
    do: str = ""
    captures_commitments: bool = False
    #: the question in the other languages of the table's people: (language code, question)
    question_in: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GuideInput:
    event: EventInfo
    table: TableInput
    first_names: tuple[str, ...]
    talking_stick_order: tuple[str, ...]
    phases: tuple[GuidePhaseInput, ...] = ()
    ground_rules: tuple[str, ...] = ()
    total_minutes: int = 0
    warning: str = ""
    #: False when this build has no facilitation area (the guide then holds names and notes pages only)
    has_script: bool = True
    #: with more than one round: the talking-stick order at this table in rounds 2, 3, …
    later_rounds: tuple[tuple[str, ...], ...] = ()


# --- commitments -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CommitmentCardInput:
    text: str  # empty: a blank card to write on
    first_name: str = ""
    partner_first_name: str = ""
    table_number: int | None = None
    event_date: dt.date | None = None
    target_date: dt.date | None = None
    event_title: str = ""
    language: str = ""  # the card's words in this language; "" = the document's


# --- survey forms ------------------------------------------------------------------------------

@dataclass(frozen=True)
class SurveyFormsInput:
    event: EventInfo
    #: wave ("before", "after", "follow-up") -> its items (survey_adapter.FormItem)
    items: dict
    wave_titles: dict  # wave -> translated name
    #: self-generated-code questions: (label, number of boxes)
    code_questions: tuple[tuple[str, int], ...]
    #: (code, table number) of each participant (empty for the anonymous variant)
    respondents: tuple[tuple[str, int | None], ...]
    copies: int  # forms per wave in the anonymous variant
    anonymous: bool = False
    #: each respondent's language, parallel to ``respondents`` ("" = the document's language)
    languages: tuple[str, ...] = ()
    #: language -> {wave: items in that language, each with the document-language wording in ``also``}
    translated: dict = field(default_factory=dict)


# --- the report --------------------------------------------------------------------------------

@dataclass(frozen=True)
class DiversityRow:
    dimension: str  # the dimension's name (never a category of a sensitive one)
    categories_present: int
    categories_defined: int
    average_blau: float | None  # mean over tables with at least two known values
    sensitive: bool


@dataclass(frozen=True)
class ReportInput:
    event: EventInfo
    tables: int
    tables_used: int
    participants: int
    participants_present: int
    facilitators: int
    venues: int
    diversity: tuple[DiversityRow, ...]
    survey: object | None = None  # survey_adapter.SurveySummary
    commitments_total: int = 0
    commitments_by_kind: tuple[tuple[str, int], ...] = ()  # (kind label, count)
    commitment_examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    has_commitments_area: bool = False
    #: (kind label, asked, done, partly, not yet); None = fewer than 5 (services.followup.follow_through)
    follow_through: tuple[tuple[str, int, int | None, int | None, int | None], ...] = ()
    #: answers to "what happened?" as anonymous quotes; empty below 5 follow-ups (services.followup.followup_quotes)
    followup_quotes: tuple[str, ...] = ()


def blau(counts: list[int]) -> float:
    """Blau's index of heterogeneity 1 − Σ pᵢ² (0 = everyone alike)."""
    n = sum(counts)
    return 0.0 if n == 0 else 1.0 - sum((c / n) ** 2 for c in counts)
