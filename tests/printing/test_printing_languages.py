"""Each participant's language on paper (issue 32): a person who reads Arabic, Polish, Turkish or
Ukrainian gets their survey form, badge words and commitment card in that language, with the form's
questions also in the event's language; everyone else keeps the event's language."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dialogue_app import exports, i18n, storage
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
from dialogue_app.printing import common
from dialogue_app.printing.inputs import person_language
from dialogue_app.services.events import current_event
from dialogue_app.services.survey.items import default_items

#: participant code -> the languages recorded for them (the first with a catalog decides)
SPOKEN = {"LANGAR01": "ar,nl", "LANGPL01": "pl,en", "LANGTR01": "tr,nl", "LANGUK01": "uk", "LANGXX01": "srn,en"}


@pytest.fixture
def polyglot_store(seated_template, tmp_path):
    """The seated demo (its event in English), with five extra participants at table 1 who read Arabic, Polish,
    Turkish, Ukrainian and Sranan (no catalog: the event's language), and everyone else's recorded
    languages set to English so that only these five differ."""
    dest = tmp_path / "polyglot.dialogue"
    shutil.copyfile(seated_template, dest)
    store = storage.open_event_file(dest)
    with store.session() as s:
        e = current_event(s)
        assert e.language == "en"
        for p in s.scalars(select(Person).where(Person.event_id == e.id)):
            p.languages = "en"
        t = s.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id).order_by(DialogueTable.number)
                      ).first()
        for code, spoken in SPOKEN.items():
            p = Person(event_id=e.id, code=code, first_name=f"Naam{code[-4:]}", last_name="Test", languages=spoken)
            p.roles = [PersonRole(role="participant")]
            s.add(p)
            s.flush()
            s.add(Assignment(person_id=p.id, table_id=t.id, round=1))
    yield store
    store.close()


def pages_of(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(str(path)).pages]


def printed(text: str, page: str) -> bool:
    """True when ``text`` is on the page: Arabic as shaped presentation forms in visual order."""
    shaped = re.sub(r"\s+", "", common.shape(text))
    return shaped in page or shaped[::-1] in page


def in_language(lang: str, message: str) -> str:
    with i18n.language(lang):
        return i18n.gettext(message)


def export(store, kind: str, out: Path, **extra) -> Path:
    exports.run_export(store, kind, out, exports.ExportOptions(extra=extra))
    return out


def page_of(pages: list[str], code: str, start: int = 0) -> str:
    return next(p for p in pages[start:] if code in p)


def test_person_language_is_the_first_with_a_catalog_else_the_document_language():
    """"srn,nl" reads Dutch, "pl,en" Polish, a Dutch reader of a Dutch document needs nothing else."""
    available = ("en", "nl", "pl", "ar")
    assert person_language("srn,pl", "nl", available) == "pl"
    assert person_language("pl,en", "nl", available) == "pl"
    assert person_language("srn,nl", "nl", available) == ""
    assert person_language("", "nl", available) == ""
    assert person_language(" AR ", "nl", available) == "ar"


def test_each_persons_survey_form_is_in_their_language_with_the_event_language_below(polyglot_store, tmp_path):
    """The before-form of the Arabic, Polish, Turkish and Ukrainian readers carries the form's title
    and the first question in their language, and both in English below them; the Sranan
    reader and the English readers get the English form only."""
    out = export(polyglot_store, "survey-forms", tmp_path / "forms.pdf", waves="before")
    pages = pages_of(out)
    en_title = "Survey before the dialogue"
    first = default_items("en")[0].label
    for code, lang in (("LANGAR01", "ar"), ("LANGPL01", "pl"), ("LANGTR01", "tr"), ("LANGUK01", "uk")):
        page = page_of(pages, code)
        title = in_language(lang, "Survey before the dialogue")
        assert title != en_title
        assert printed(title, page), (lang, title)
        assert printed(default_items(lang)[0].label, page), lang
        assert printed(first, page), f"the English question is missing under the {lang} one"
        assert printed(en_title, page), "the English title is missing under the " + lang
    for page in (page_of(pages, "LANGXX01"), pages[0]):
        assert printed(en_title, page) and printed(first, page)
        assert not printed(default_items("pl")[0].label, page)


def test_badge_words_and_commitment_cards_follow_the_wearers_language(polyglot_store, tmp_path):
    """The Polish reader's badge and name tent say "Stolik 1" where the English ones say "Table 1"; the
    commitment card of the Turkish reader carries the Turkish heading, the Sranan reader's the English."""
    pages = pages_of(export(polyglot_store, "badges", tmp_path / "b.pdf", layout="single"))
    assert printed(in_language("pl", "Table {n}").format(n=1), page_of(pages, "LANGPL01"))
    # the Arabic word (the number's place in visual order depends on the extractor)
    assert printed(in_language("ar", "Table {n}").format(n="").strip(), page_of(pages, "LANGAR01"))
    assert printed("Table 1", pages[0])
    tents = pages_of(export(polyglot_store, "table-cards", tmp_path / "t.pdf"))
    assert printed(in_language("pl", "Table {n}").format(n=1), page_of(tents, "NaamPL01"))
    assert printed(in_language("tr", "Table {n}").format(n=1), page_of(tents, "NaamTR01"))
    assert printed("Table 1", tents[0])  # the table's own tent stays in the event's language
    from dialogue_app.services import commitments as cm

    with polyglot_store.session() as s:
        for code in ("LANGTR01", "LANGXX01"):
            pid, table_id = s.execute(select(Person.id, Assignment.table_id).join(
                Assignment, Assignment.person_id == Person.id).where(Person.code == code)).one()
            cm.save_commitment(s, replace(cm.new_commitment("Komşuma merhaba diyeceğim.", table_id),
                                          person_id=pid))
    cards = "".join(pages_of(export(polyglot_store, "commitment-cards", tmp_path / "c.pdf")))
    assert printed(in_language("tr", "{name}'s small step").format(name="NaamTR01"), cards)
    assert printed("NaamXX01's small step", cards)



def test_facilitator_guide_gives_each_question_in_the_tables_languages(polyglot_store, tmp_path):
    """Table 1 seats one reader each of Arabic, Polish, Turkish and Ukrainian: its guide prints the
    default questions in English and below them in the two first of those (Arabic, Polish: at most
    two extra languages), under the language's own name; table 2 (English readers only) stays English."""
    from dialogue_app.facilitation.script import render
    from dialogue_app.services.facilitation.script import default_phases

    with polyglot_store.session() as s:
        theme = current_event(s).theme

    def guide(table: int) -> str:
        out = tmp_path / f"guide{table}.pdf"
        exports.run_export(polyglot_store, "facilitator-guide", out, exports.ExportOptions(tables=(table,)))
        return "".join(pages_of(out))

    one, two = guide(1), guide(2)
    asked = [k for k, p in enumerate(default_phases("en")) if p.question]
    assert asked
    for k in asked:
        en, pl, ar, tr = (render(default_phases(lang)[k].question, theme) for lang in ("en", "pl", "ar", "tr"))
        assert printed(en, one) and printed(en, two)
        assert printed(pl, one), k
        # Arabic is broken into lines in reading order, each shaped on its own: look for each word
        assert all(printed(word, one) for word in ar.split() if "\u0600" <= word[0] <= "\u06ff"), k
        assert not printed(tr, one) and not printed(pl, two)
    assert printed("Polski", one) and printed("العربية", one)


def test_a_long_arabic_paragraph_starts_on_its_first_line(polyglot_store, tmp_path):
    """The Arabic reader's commitment card prints the follow-up promise over two lines that read in
    order: the line holding its first words comes before the line holding its last word (a visual-order
    paragraph broken from the left would start on its second line)."""
    from dialogue_app.services import commitments as cm

    with polyglot_store.session() as s:
        pid, table_id = s.execute(select(Person.id, Assignment.table_id).join(
            Assignment, Assignment.person_id == Person.id).where(Person.code == "LANGAR01")).one()
        cm.save_commitment(s, replace(cm.new_commitment("سأزور جاري الجديد", table_id), person_id=pid))
    out = export(polyglot_store, "commitment-cards", tmp_path / "c.pdf")
    promise = in_language("ar", "In a few weeks we will ask you whether you took your step. "
                                "Keep this card as a reminder.").split()
    lines = [line for page in PdfReader(str(out)).pages for line in (page.extract_text() or "").split("\n")]
    first = next(i for i, line in enumerate(lines) if printed(" ".join(promise[:2]), re.sub(r"\s+", "", line)))
    last = next(i for i, line in enumerate(lines) if printed(promise[-1], re.sub(r"\s+", "", line)))
    assert first < last
