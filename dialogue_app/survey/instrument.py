"""The survey instrument: item kinds, waves, the default items and answer values.

Answers are stored as short strings so every kind fits one column:

* ``yes_no``: ``"1"`` (yes) or ``"0"`` (no);
* ``agree5`` / ``freq5``: ``"1"`` … ``"5"`` (1 = strongly disagree / never,
  5 = strongly agree / very often);
* ``choice``: the 1-based number of the chosen option;
* ``text``: the text itself.

An empty value means "no answer" and is not stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _

KINDS = ("yes_no", "agree5", "freq5", "choice", "text")
KIND_LABELS = {
    "yes_no": N_("Yes / no"),
    "agree5": N_("5-point agreement"),
    "freq5": N_("5-point frequency"),
    "choice": N_("Single choice"),
    "text": N_("Free text"),
}
SCALE_KINDS = ("agree5", "freq5")

WAVES = ("before", "after", "follow-up")
WAVE_LABELS = {"before": N_("Before"), "after": N_("After"), "follow-up": N_("Follow-up")}
#: The wave sets offered in the editor (an item may be asked in any of these).
WAVE_SETS: tuple[tuple[str, ...], ...] = (
    ("before",), ("after",), ("before", "after"), ("follow-up",), ("before", "follow-up"),
    ("after", "follow-up"), ("before", "after", "follow-up"),
)

AGREE_LABELS = (N_("Strongly disagree"), N_("Disagree"), N_("Neither agree nor disagree"), N_("Agree"),
                N_("Strongly agree"))
FREQ_LABELS = (N_("Never"), N_("Rarely"), N_("Sometimes"), N_("Often"), N_("Very often"))
YES_NO_LABELS = (N_("Yes"), N_("No"))


@dataclass(frozen=True)
class DefaultItem:
    key: str
    kind: str
    label: str  # N_-marked; stored translated into the event language
    waves: tuple[str, ...]


#: The default instrument of METHOD.md (keys are stable: they name the export columns).
DEFAULT_ITEMS: tuple[DefaultItem, ...] = (
    DefaultItem("talk_other_backgrounds", "freq5",
                N_("How often do you talk with people of a different background?"), ("before", "follow-up")),
    DefaultItem("connected", "agree5", N_("I feel connected to people in my city who differ from me"),
                ("before", "after")),
    DefaultItem("trust", "agree5", N_("I trust neighbours of other backgrounds"), ("before", "after")),
    DefaultItem("intend_action", "yes_no", N_("I intend to do something concrete on this theme"),
                ("before", "after")),
    DefaultItem("met_new_people", "yes_no", N_("I met people here I had never spoken to before"), ("after",)),
    DefaultItem("view_changed", "yes_no", N_("My view on the theme changed"), ("after",)),
    DefaultItem("exchanged_contacts", "yes_no", N_("I exchanged contact details with someone"), ("after",)),
    DefaultItem("felt_heard", "agree5", N_("I felt heard and could speak as much as others"), ("after",)),
    DefaultItem("recommend", "agree5", N_("I would take part again / recommend it"), ("after",)),
)

#: Headlines for after-only yes/no items ("80% met residents they had never spoken to before").
HEADLINES = {
    "met_new_people": N_("{pct} met residents they had never spoken to before"),
    "view_changed": N_("{pct} changed their mind about the theme"),
    "exchanged_contacts": N_("{pct} exchanged contact details"),
    "felt_heard": N_("{pct} felt heard"),
    "recommend": N_("{pct} would take part again or recommend it"),
}

#: Elements of the self-generated code, in order, with their question and how they are normalised.
SGC_ELEMENTS = ("mother_letter", "birth_month", "older_siblings", "birthplace_letter", "birth_day")
SGC_QUESTIONS = {
    "mother_letter": N_("2nd letter of your mother's first name"),
    "birth_month": N_("Your birth month (1–12)"),
    "older_siblings": N_("Number of older brothers and sisters"),
    "birthplace_letter": N_("First letter of your place of birth"),
    "birth_day": N_("Day of the month you were born (1–31)"),
}
SGC_SHORT = {
    "mother_letter": N_("Mother 2nd letter"),
    "birth_month": N_("Birth month"),
    "older_siblings": N_("Older siblings"),
    "birthplace_letter": N_("Birthplace letter"),
    "birth_day": N_("Birth day"),
}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind))


def wave_label(wave: str) -> str:
    return _(WAVE_LABELS.get(wave, wave))


def waves_label(waves: tuple[str, ...]) -> str:
    return " + ".join(wave_label(w) for w in waves)


def answer_options(kind: str, choices: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(stored value, translated label) of every possible answer of a closed item."""
    if kind == "yes_no":
        return [("1", _("Yes")), ("0", _("No"))]
    if kind == "agree5":
        return [(str(i + 1), _(lab)) for i, lab in enumerate(AGREE_LABELS)]
    if kind == "freq5":
        return [(str(i + 1), _(lab)) for i, lab in enumerate(FREQ_LABELS)]
    if kind == "choice":
        return [(str(i + 1), c) for i, c in enumerate(choices)]
    return []


def normalise_answer(kind: str, raw: str, n_choices: int = 0) -> str | None:
    """The stored value of a typed answer, "" for no answer, None when it is not valid.

    Yes/no accepts yes/no/1/0 (and ja/nee, oui/non, y/n, j); scales 1–5; choice 1..n.
    """
    text = (raw or "").strip()
    if not text:
        return ""
    low = text.lower()
    if kind == "yes_no":
        if low in ("1", "yes", "y", "ja", "j", "oui", "o", "true"):
            return "1"
        if low in ("0", "no", "n", "nee", "non", "false"):
            return "0"
        return None
    if kind in SCALE_KINDS:
        return low if low in ("1", "2", "3", "4", "5") else None
    if kind == "choice":
        return low if low.isdigit() and 1 <= int(low) <= max(0, n_choices) else None
    return text


def export_value(kind: str, value: str) -> str:
    """The value written to CSV / SQLite exports and the template (yes/no as ``yes``/``no``)."""
    if kind == "yes_no":
        return {"1": "yes", "0": "no"}.get(value, value)
    return value


def normalise_sgc(element: str, raw: str) -> str | None:
    """A self-generated code element as stored ("" unknown, None invalid)."""
    text = (raw or "").strip()
    if not text:
        return ""
    if element in ("mother_letter", "birthplace_letter"):
        ch = text[0]
        return ch.upper() if ch.isalpha() else None
    if not text.isdigit():
        return None
    n = int(text)
    limits = {"birth_month": (1, 12), "older_siblings": (0, 30), "birth_day": (1, 31)}
    lo, hi = limits[element]
    return str(n) if lo <= n <= hi else None
