"""Every printed document in Arabic, Tigrinya and Polish (issue 32): for an event in that language whose
people read it, each PDF export prints its headings in that language (the text extracted from the PDF is
the catalog's translation, not the English), and every letter is drawn with a font that has it (no empty
boxes: an Ethiopic or Arabic letter set in DejaVu Sans would print as "□" while still extracting)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dialogue_app import exports, i18n, storage
from dialogue_app.models import Person
from dialogue_app.models.facilitation import Commitment
from dialogue_app.printing.common import fonts
from dialogue_app.services import demo
from dialogue_app.services.followup import SetContactConsent

LANGUAGES = ("ar", "ti", "pl")

#: export kind -> messages (catalog msgids) that document prints in the event's language
HEADINGS: dict[str, tuple[str, ...]] = {
    "badges": ("Print at actual size (100%), not “fit to page”.", "Table {n}", "Facilitator"),
    "table-cards": ("Table {n}", "Fold along the dotted line"),
    "facilitator-guide": ("Facilitator guide – table {n}", "At your table", "First name", "Schedule"),
    "survey-forms": ("Survey before the dialogue", "Survey after the dialogue", "Thank you!"),
    "commitment-cards": ("My small step", "I will do it by {date}"),
    "report": ("Event report", "The day in numbers", "Tables with participants", "Page {n}"),
    "followup-letters": ("Your small step", "Did you do it?", "What happened?"),
    "trainer-pack": ("Trainer pack", "Contents", "The method in brief", "Scenario cards", "Attendance list"),
}


def test_every_pdf_export_is_checked_here():
    """A new printed document cannot be added without a language check of its own."""
    assert {s.kind for s in exports.EXPORTS if s.fmt == "pdf"} == set(HEADINGS)


@pytest.fixture(scope="module", params=LANGUAGES)
def printed_event(request, tmp_path_factory):
    """A small demo made in the language, whose people all read it and agreed to be contacted about
    their commitments, with every PDF export written once: (language, kind -> PDF path)."""
    lang = request.param
    folder = tmp_path_factory.mktemp(f"docs-{lang}")
    path = demo.create_demo_file(folder / "event.dialogue", participants=16, seed=1, lang=lang)
    store = storage.open_event_file(path)
    try:
        with store.session() as s:
            for p in s.scalars(select(Person)):
                p.languages = lang
            with_step = set(s.scalars(select(Commitment.person_id).where(Commitment.person_id.is_not(None))))
            if not with_step:  # the small demo may name nobody: give the first commitment a person
                first = s.scalars(select(Commitment)).first()
                first.person_id = s.scalars(select(Person.id).order_by(Person.code)).first()
                with_step = {first.person_id}
            for code in s.scalars(select(Person.code).where(Person.id.in_(with_step))):
                SetContactConsent(code, True).apply(s)
        outs = {}
        for kind in HEADINGS:
            outs[kind] = folder / f"{kind}.pdf"
            assert exports.run_export(store, kind, outs[kind]) > 0, kind
    finally:
        store.close()
    yield lang, outs


def _flat(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), no spaces, no direction marks and no Arabic
    vowel marks (the shaper leaves them out: reportlab cannot place a mark over its letter)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069\u064b-\u065f\u0670]+", "", text)


def _words(message: str) -> list[str]:
    """The words of a message without its {placeholders} and punctuation at their ends."""
    text = re.sub(r"\{[^}]*\}", " ", message)
    words = (w.strip(".,:;!?()“”\"'–-«»،؟") for w in text.split())
    return [w for w in words if any(c.isalpha() for c in w)]  # "100%" may come out as "%100"


def _found(word: str, flat: str) -> bool:
    """A word is on the page in reading order, or (right to left) reversed by the extractor."""
    w = _flat(word)
    return w in flat or w[::-1] in flat


def _font_unicodes(reader: PdfReader) -> dict[str, set[int]]:
    """Each embedded font's name (subset prefix removed) -> the characters its ToUnicode map says it draws."""
    used: dict[str, set[int]] = {}
    for page in reader.pages:
        for ref in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            cmap = font.get("/ToUnicode")
            if cmap is None:
                continue
            data = cmap.get_object().get_data().decode("latin-1")
            chars = {int(u, 16) for u in re.findall(r"<[0-9A-Fa-f]{2}>\s*<([0-9A-Fa-f]{4})>", data)}
            used.setdefault(name, set()).update(chars - {0})
    return used


@pytest.mark.parametrize("kind", sorted(HEADINGS))
def test_document_prints_its_headings_in_the_event_language(printed_event, kind):
    """The Arabic, Tigrinya and Polish organiser reads their own language on each printed document:
    every word of each heading is in the extracted text, and its English original is not."""
    lang, outs = printed_event
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(outs[kind])).pages)
    flat = _flat(text)
    for msgid in HEADINGS[kind]:
        with i18n.language(lang):
            translated = i18n.gettext(msgid)
        assert translated != msgid, f"“{msgid}” has no {lang} translation"
        missing = [w for w in _words(translated) if not _found(w, flat)]
        # Arabic letters joined (presentation forms), not printed one by one from left to right
        joined = re.sub(r"\s+", "", text)
        missing += [w for w in _words(translated) if lang == "ar" and fonts.shape(w) not in joined
                    and fonts.shape(w)[::-1] not in joined]
        assert not missing, (lang, kind, msgid, missing, text[:600])
        english = _flat(re.sub(r"\{[^}]*\}", "", msgid))
        assert len(english) < 6 or english not in flat, (lang, kind, f"English “{msgid}” printed")
    script = {"ar": (0x0600, 0x06FF), "ti": (0x1200, 0x139F)}.get(lang)
    if script:
        assert any(script[0] <= ord(c) <= script[1] for c in unicodedata.normalize("NFKC", text)), (lang, kind)


#: export kind -> what it prints for an event with nobody and nothing to print
EMPTY = {"badges": "Nobody to print a badge for.", "table-cards": "There are no tables to print.",
         "survey-forms": "Nobody to print a survey form for.",
         "commitment-cards": "There are no commitments to print.",
         "followup-letters": "Nobody with a commitment has agreed to be contacted."}


@pytest.mark.parametrize("lang", ("ar", "ti"))
def test_an_empty_event_says_so_in_its_language(lang, tmp_path):
    """Printing before anyone is registered gives a page that says why it is empty, in joined Arabic
    letters or in Ethiopic glyphs (not empty boxes)."""
    from dialogue_app.services import events

    store = storage.create_event_file(tmp_path / "empty.dialogue")
    try:
        with store.session() as s:
            events.create_event(s, "Test", theme="Test", lang=lang)
        for kind, msgid in EMPTY.items():
            out = tmp_path / f"{kind}.pdf"
            exports.run_export(store, kind, out)
            text = "".join(page.extract_text() or "" for page in PdfReader(str(out)).pages)
            with i18n.language(lang):
                words = _words(i18n.gettext(msgid))
            assert "\x00" not in text, (kind, text)
            joined = re.sub(r"\s+", "", text)
            assert all(fonts.shape(w) in joined or fonts.shape(w)[::-1] in joined for w in words), (kind, text)
    finally:
        store.close()


@pytest.mark.parametrize("kind", sorted(HEADINGS))
def test_every_printed_letter_has_a_glyph_in_its_font(printed_event, kind):
    """No empty boxes: each character the PDF sets in an embedded font is one that font can draw
    (Ethiopic in Noto Sans Ethiopic, Arabic in DejaVu Sans), and the script's font is embedded."""
    lang, outs = printed_event
    reader = PdfReader(str(outs[kind]))
    # a character drawn in a font without it is set as the empty glyph 0, which extracts as U+0000
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        assert "\x00" not in text and "\ufffd" not in text, (lang, kind, number, text[:300])
    used = _font_unicodes(reader)
    assert used, kind
    registered = {Path(file).stem: name for name, file in fonts._FONT_FILES.items()}
    for name, chars in used.items():
        assert name in registered, (kind, name)
        # reportlab maps the first 128 codes of a subset to ASCII whether drawn or not: look past them
        lacking = sorted(chr(c) for c in chars if c >= 0x80 and c not in fonts._font_cmap(registered[name]))
        assert not lacking, (lang, kind, name, "".join(lacking))
    if lang == "ti":
        ethiopic = set().union(*used.values())
        assert any(0x1200 <= c <= 0x139F for c in ethiopic)
        assert any(name.startswith("NotoSansEthiopic") for name in used), kind
