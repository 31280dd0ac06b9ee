"""The printed documents of the demo event, read back with pypdf: names (Turkish, Arabic, Cyrillic,
Greek), embedded fonts, QR payloads, table filter, language, cancelling and privacy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dialogue_app import exports, i18n, storage
from dialogue_app.errors import Cancelled, UserInputError
from dialogue_app.models import Category, Dimension, PersonValue
from dialogue_app.printing import common
from dialogue_app.services.printing import collect

# the printed documents: every PDF but the trainer pack (their writers moved to services/ with issue 29)
PRINT_KINDS = [s.kind for s in exports.EXPORTS if s.fmt == "pdf" and s.kind != "trainer-pack"]
RENDERABLE = list(PRINT_KINDS)


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shown(name: str, text: str) -> bool:
    """True when ``name`` was printed: Latin, Cyrillic, Greek as is; Arabic as shaped presentation forms
    (pypdf gives right-to-left runs back in logical order, so the visual string comes out reversed)."""
    shaped = compact(common.shape(name))
    return shaped in text or shaped[::-1] in text


def run(store, kind, tmp_path, **opts) -> tuple[Path, int]:
    if kind == "followup-letters":  # letters go only to people who agreed to be contacted: everyone here
        from dialogue_app.services import commitments as cm
        from dialogue_app.services import followup

        with store.session() as s:
            for code in {c.person_code for c in cm.list_commitments(s) if not c.anonymous}:
                if not followup.has_contact_consent(s, code):
                    followup.SetContactConsent(code, True).apply(s)
    out = tmp_path / f"{kind}.pdf"
    n = exports.run_export(store, kind, out, exports.ExportOptions(**opts))
    return out, n


def fonts_of(path: Path) -> list[dict]:
    fonts = []
    for page in PdfReader(str(path)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            fonts.append(ref.get_object())
    return fonts


def test_every_print_kind_has_a_writer():
    """All seven printed documents declared in exports.py (with the follow-up letters of issue 33) are
    implemented at their declared path."""
    assert set(PRINT_KINDS) == {"badges", "table-cards", "facilitator-guide", "survey-forms", "commitment-cards",
                                "report", "followup-letters"}
    for kind in PRINT_KINDS:
        assert exports.writer(exports.spec(kind)) is not None


@pytest.mark.parametrize("kind", RENDERABLE)
def test_documents_embed_dejavu_subsets_and_nothing_else(seated_store, tmp_path, kind):
    """Every font of every document is an embedded subset (/FontFile2) of DejaVu Sans or of the Ethiopic
    fallback; no unembedded base font."""
    out, n = run(seated_store, kind, tmp_path)
    assert n > 0
    fonts = fonts_of(out)
    assert fonts
    for f in fonts:
        assert re.fullmatch(r"/[A-Z]{6}\+(DejaVuSans|NotoSansEthiopic)(-Bold|-Regular)?", str(f["/BaseFont"]))
        assert "/FontFile2" in f["/FontDescriptor"].get_object()
    assert not list(tmp_path.glob("*.part"))


def test_badges_hold_every_name_and_only_the_code_in_the_qr(seated_store, tmp_path, monkeypatch):
    """Each badge shows the first and last name (Turkish, Arabic shaped, Cyrillic, Greek) and its QR code
    encodes exactly the participant code."""
    payloads: list[str] = []
    original = common.qr_matrix

    def spy(payload):
        payloads.append(payload)
        return original(payload)

    monkeypatch.setattr(common.qr, "qr_matrix", spy)
    out, n = run(seated_store, "badges", tmp_path)
    with seated_store.session() as s:
        badges = collect.collect_badges(s)
    assert n == len(badges) > 60
    text = compact(text_of(out))
    for b in badges:
        name = compact(common.shape(b.first_name))
        if len(name) <= 15:
            assert shown(b.first_name, text), b.first_name
        else:  # very long names may end in "…" as a last resort
            assert name[:12] in text
    assert re.search(r"Maximiliane-[A-Za-z-]*…", text)  # shrunk to the minimum size, then elided
    assert sorted(payloads) == sorted(b.code for b in badges)
    firsts = {b.first_name for b in badges}
    for name in ("Ayşe", "Gülşen", "Ömer", "İbrahim", "ليلى", "أحمد", "Олена", "Ελένη"):
        if name in firsts:
            assert shown(name, text)
    assert firsts & {"ليلى", "أحمد", "سلمى", "يوسف"}, "the demo should hold an Arabic-script name"
    assert "ዮሃንስ" in text  # Ethiopic script through the shipped fallback font
    assert any("NotoSansEthiopic-Bold" in str(f["/BaseFont"]) for f in fonts_of(out))
    assert "Print at actual size (100%)" in text_of(out).split("\n")[0]
    assert PdfReader(str(out)).trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"


def test_badges_of_a_two_round_event_show_each_rounds_table(seated_store, tmp_path):
    """With two rounds planned a badge says where its wearer sits in each round ("Tables 3 → 7"),
    or "Table 3 (every round)" for people who stay (hosts, their guests)."""
    from dialogue_app.services import planning as plan_svc

    # a two-round event; a fixed amount of search gives the same plan on any machine
    plan_svc.plan_event(seated_store, round_no=2, seconds=30, iterations=20, seed=1)
    out, _n = run(seated_store, "badges", tmp_path)
    with seated_store.session() as s:
        badges = collect.collect_badges(s)
    text = text_of(out)
    moved = [b for b in badges if b.later_tables and b.later_tables[0] != b.table_number]
    stayed = [b for b in badges if b.later_tables and b.later_tables[0] == b.table_number]
    assert moved and stayed
    for b in [b for b in moved if not b.language][:10]:  # the others read their own language (issue 32)
        assert f"Tables {b.table_number} → {b.later_tables[0]}" in text
    latin = sorted(stayed, key=lambda b: (bool(b.language), b.language in ("ar", "ti", "uk")))[0]
    with i18n.language(latin.language or "en"):  # in the wearer's language (issue 32)
        every_round = i18n.gettext("Table {n} (every round)").format(n=latin.table_number)
    assert every_round in text
    # the name tents on the table say the same
    tents, _n = run(seated_store, "table-cards", tmp_path, tables=(moved[0].table_number,))
    tent_text = text_of(tents)
    for b in (b for b in moved if b.table_number == moved[0].table_number and b.role in ("participant", "host")
              and not b.language):
        assert f"Tables {b.table_number} → {b.later_tables[0]}" in tent_text


def test_guides_of_a_two_round_event_list_each_rounds_table(seated_store, tmp_path):
    """With two rounds the facilitator guide lists who sits at the table in each round."""
    from dialogue_app.services import facilitation
    from dialogue_app.services import planning as plan_svc

    plan_svc.plan_event(seated_store, round_no=2, seconds=0.3, seed=1)
    out, _n = run(seated_store, "facilitator-guide", tmp_path, tables=(1,))
    text = text_of(out)
    assert "At your table in round 1" in text and "At your table in round 2" in text
    with seated_store.session() as s:
        second = facilitation.guide_data(s, 1, 2).talking_stick_order
    assert second
    after = text.split("At your table in round 2", 1)[1]
    assert all(shown(name, compact(after)) for name in second)


def test_table_cards_name_each_rounds_facilitator_when_they_change(seated_store, tmp_path):
    """Where facilitators change tables between rounds, the table card and the guide say who
    facilitates in which round; where they stay, one line as before."""
    from dialogue_app.models import Assignment, DialogueTable
    from dialogue_app.services.events import current_event

    with seated_store.session() as s:
        first = {t.number: t for t in collect.collect_tables(s)}
        ids = {t.number: t.id for t in s.scalars(select(DialogueTable))}
        number = {v: k for k, v in ids.items()}
        # round 2 as round 1, except that the facilitators of tables 1 and 2 swap
        for a in list(s.scalars(select(Assignment).where(Assignment.round == 1))):
            s.add(Assignment(person_id=a.person_id, table_id=a.table_id, round=2))
        s.flush()
        facs = {number[a.table_id]: a for a in s.scalars(select(Assignment).where(Assignment.round == 2))
                if "facilitator" in a.person.role_names and number[a.table_id] in (1, 2)}
        facs[1].table_id, facs[2].table_id = ids[2], ids[1]
        current_event(s).rounds = 2
    with seated_store.session() as s:
        after = {t.number: t for t in collect.collect_tables(s)}
    assert after[1].later_facilitators == (first[2].facilitators,)
    out, _n = run(seated_store, "table-cards", tmp_path, tables=(1, 3))
    text = text_of(out)
    assert f"Facilitator in round 1: {first[1].facilitators[0]}" in text
    assert f"Facilitator in round 2: {first[2].facilitators[0]}" in text
    assert f"Facilitator: {first[3].facilitators[0]}" in text  # table 3 keeps its facilitator
    guide, _n = run(seated_store, "facilitator-guide", tmp_path, tables=(1,))
    assert f"Facilitator in round 2: {first[2].facilitators[0]}" in text_of(guide)


def test_long_names_shrink_and_never_overflow_the_label(seated_store, tmp_path, monkeypatch):
    """The 35-letter first name of the fixture fits its label on both sheets (shrunk, elided only if needed)."""
    from dialogue_app.printing import badges

    seen = []
    original = badges.fit_text

    def spy(text, font, max_width, max_size, min_size):
        f = original(text, font, max_width, max_size, min_size)
        seen.append((text, f, max_width))
        return f

    monkeypatch.setattr(badges, "fit_text", spy)
    for layout in ("L7165", "L7160", "single"):
        seen.clear()
        run(seated_store, "badges", tmp_path, extra={"layout": layout})
        long = [(f, w) for t, f, w in seen if t.startswith("Maximiliane")]
        assert long
        for f, w in long:
            assert common.text_width(f.text, common.FONT_BOLD, f.size) <= w
            assert f.size >= 9


def test_unknown_label_layout_is_a_user_error(seated_store, tmp_path):
    """A bad layout name is refused with a message and writes nothing."""
    with pytest.raises(UserInputError):
        run(seated_store, "badges", tmp_path, extra={"layout": "A0"})
    assert not (tmp_path / "badges.pdf").exists()


def test_table_filter_keeps_only_those_tables(seated_store, tmp_path):
    """--table 2: badges and name tents only for the people of table 2."""
    with seated_store.session() as s:
        all_badges = collect.collect_badges(s)
    at2 = [b for b in all_badges if b.table_number == 2]
    out, n = run(seated_store, "badges", tmp_path, tables=(2,))
    assert n == len(at2) > 0
    codes = set(re.findall(r"\b[0-9A-Z]{6,9}\b", text_of(out)))
    assert {b.code for b in at2} <= codes
    assert not ({b.code for b in all_badges if b.table_number != 2} & codes)
    out, pages = run(seated_store, "table-cards", tmp_path, tables=(2,))
    assert len(PdfReader(str(out)).pages) == pages == 1 + sum(
        1 for b in at2 if b.role in ("participant", "host"))
    out, n = run(seated_store, "facilitator-guide", tmp_path, tables=(2,))
    assert n == 1 and "table 2" in text_of(out)


def test_document_language_follows_the_option(seated_store, tmp_path):
    """--lang nl renders the document in Dutch while the interface stays English."""
    out, _n = run(seated_store, "table-cards", tmp_path, lang="nl", tables=(1,))
    text = text_of(out)
    assert "Tafel 1" in text and "Table 1" not in text
    out, _n = run(seated_store, "facilitator-guide", tmp_path, lang="fr", tables=(1,))
    assert "Guide" in text_of(out) and "novembre" in text_of(out)  # babel date in French
    assert i18n.current_language() == "en"


def test_table_cards_show_number_venue_facilitator_and_name_tents(seated_store, tmp_path):
    """A table tent per table (number, venue, facilitator) and a name tent per participant, both halves."""
    with seated_store.session() as s:
        tables = collect.collect_tables(s)
    out, pages = run(seated_store, "table-cards", tmp_path)
    reader = PdfReader(str(out))
    assert pages == len(reader.pages) == sum(1 + len(t.first_names) for t in tables)
    first = reader.pages[0].extract_text()
    t1 = tables[0]
    assert first.count(f"Table {t1.number}") >= 2  # upper (rotated) and lower half
    if t1.venue:
        assert t1.venue in first
    for f in t1.facilitators:
        assert f in first
    tent = compact(reader.pages[1].extract_text())
    shaped = compact(common.shape(t1.first_names[0]))
    assert tent.count(shaped) + (tent.count(shaped[::-1]) if shaped != shaped[::-1] else 0) == 2


def test_facilitator_guide_lists_the_table_in_talking_stick_order(seated_store, tmp_path):
    """The guide of each table names its people in order and has notes and commitments pages."""
    with seated_store.session() as s:
        guides = collect.collect_guides(s)
    out, n = run(seated_store, "facilitator-guide", tmp_path)
    assert n == len(guides)
    text = compact(text_of(out))
    for g in guides:
        for i, name in enumerate(g.talking_stick_order, 1):
            if " " in name and any("\u0590" <= ch <= "\u08ff" for ch in name):
                # a right-to-left first name told apart by a Latin initial ("يوسف D."): bidi
                # reorders the parts, so each is looked for on its own
                assert all(shown(part, text) for part in name.split())
                continue
            assert compact(f"{i}{common.shape(name)}") in text or compact(f"{i}{common.shape(name)[::-1]}") in text
    assert "Notes" in text_of(out) and "Commitments" in text_of(out)


def test_commitment_cards_one_per_commitment_or_blank_per_participant(seated_store, tmp_path):
    """One card per recorded commitment (six per page); without any, a blank card per participant."""
    with seated_store.session() as s:
        cards = collect.collect_commitment_cards(s)
    out, n = run(seated_store, "commitment-cards", tmp_path)
    assert n == len(cards) > 0
    assert len(PdfReader(str(out)).pages) == -(-n // 6)


def test_report_has_event_figures_and_suppresses_small_counts(seated_store, tmp_path):
    """The report states theme, date and counts; a count under 5 reads "fewer than 5"."""
    out, pages = run(seated_store, "report", tmp_path)
    text = text_of(out)
    assert pages == len(PdfReader(str(out)).pages)
    assert "Crossing the bridge" in text and "November 5, 2026" in text
    assert "Diversity achieved" in text and "Blau" in text
    assert "Participantspresentfewerthan5" in compact(text)  # nobody checked in: 0 is not printed


def test_report_of_a_tiny_event_prints_no_count_below_five(new_event, tmp_path):
    """Three participants and one facilitator: no people count of 1–4 appears anywhere."""
    from dialogue_app.services import people, tables

    with new_event.session() as s:
        tables.add_tables(s, 1)
        for name in ("Ayşe", "Олена", "ليلى"):
            people.save_person(s, people.PersonData(id=people.new_person().id, first_name=name))
        people.save_person(s, people.PersonData(id=people.new_person().id, first_name="Fatma",
                                                roles=frozenset({"facilitator"})))
    out, _n = run(new_event, "report", tmp_path)
    text = text_of(out)
    assert "Participantsregisteredfewerthan5" in compact(text)
    assert "Facilitatorsfewerthan5" in compact(text)


@pytest.mark.parametrize("kind", RENDERABLE)
def test_no_sensitive_value_appears_in_any_document(seated_store, tmp_path, kind):
    """No category label of a sensitive dimension held by anyone appears in the document's text."""
    with seated_store.session() as s:
        labels = set(s.scalars(
            select(Category.label).join(PersonValue, PersonValue.category_id == Category.id)
            .join(Dimension, Dimension.id == Category.dimension_id).where(Dimension.sensitive.is_(True))
        ))
    assert {"Muslim", "Dutch"} & labels
    out, _n = run(seated_store, kind, tmp_path)
    text = text_of(out)
    found = {lab for lab in labels if re.search(rf"\b{re.escape(lab)}\b", text)}
    assert found == set()


@pytest.mark.parametrize("kind", ["badges", "facilitator-guide", "report"])
def test_cancel_stops_and_leaves_no_file(seated_store, tmp_path, kind):
    """should_stop() ends the export with Cancelled; neither the PDF nor a temporary file remains."""
    out = tmp_path / "x.pdf"
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        exports.run_export(seated_store, kind, out, exports.ExportOptions(), should_stop=stop)
    assert not out.exists() and not list(tmp_path.glob(".x.pdf*"))


def test_progress_rises_to_one(seated_store, tmp_path):
    """Progress is reported as fractions that never go down and end at 1."""
    seen = []
    exports.run_export(seated_store, "badges", tmp_path / "b.pdf", exports.ExportOptions(),
                       progress=lambda f: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 3


def test_failed_export_keeps_the_previous_file(seated_store, tmp_path, monkeypatch):
    """An error while rendering leaves an existing PDF untouched (atomic replace)."""
    from dialogue_app.printing import badges

    out = tmp_path / "b.pdf"
    out.write_bytes(b"old")

    def boom(*a, **k):
        raise RuntimeError("render failed")

    monkeypatch.setattr(badges, "draw_badge", boom)
    with pytest.raises(RuntimeError):
        exports.run_export(seated_store, "badges", out, exports.ExportOptions())
    assert out.read_bytes() == b"old"
    assert not list(tmp_path.glob(".b.pdf*"))


def test_cli_export_writes_the_badges_of_one_table(seated_store, tmp_path, capsys):
    """`dialogue-app export FILE badges -o OUT --table 1 --lang nl` writes a PDF and says how many."""
    from dialogue_app.cli import main

    path = seated_store.path
    seated_store.close()
    out = tmp_path / "out.pdf"
    assert main(["export", str(path), "badges", "-o", str(out), "--table", "1", "--lang", "nl"]) == 0
    assert out.exists() and "Tafel 1" in text_of(out)
    assert str(out) in capsys.readouterr().out  # "Wrote 10 items to …" (in the interface language)


def test_survey_forms_carry_the_code_qr_or_the_self_generated_code_boxes(seated_store, tmp_path, monkeypatch):
    """Named forms: one per participant and wave, QR = code; anonymous forms: the code questions instead."""
    payloads: list[str] = []
    original = common.qr_matrix
    monkeypatch.setattr(common.qr, "qr_matrix", lambda p: payloads.append(p) or original(p))
    with seated_store.session() as s:
        forms = collect.collect_survey_forms(s)
    out, n = run(seated_store, "survey-forms", tmp_path)
    assert n == 2 * len(forms.respondents) > 0
    assert sorted(payloads) == sorted([c for c, _t in forms.respondents] * 2)
    text = text_of(out)
    assert "Survey before the dialogue" in text and "Survey after the dialogue" in text
    for item in forms.items["after"]:
        assert compact(item.label)[:30] in compact(text)
    payloads.clear()
    out, n = run(seated_store, "survey-forms", tmp_path, extra={"anonymous": True, "waves": "before"})
    assert payloads == [] and n == forms.copies
    text = text_of(out)
    assert "Your personal code" in text
    for label, _boxes in forms.code_questions:
        assert compact(label) in compact(text)


def test_training_events_get_practice_table_guides_and_cards(seated_store, tmp_path):
    """For a training event (Event.kind == "training") the guide and the table card say so."""
    from dialogue_app.services.events import current_event

    with seated_store.session() as s:
        current_event(s).kind = "training"
    out, _n = run(seated_store, "facilitator-guide", tmp_path, tables=(1,))
    assert "practice table 1" in text_of(out)
    out, _n = run(seated_store, "table-cards", tmp_path, tables=(1,))
    assert "Training table 1" in text_of(out)


def test_cli_print_chooses_the_label_layout(seated_store, tmp_path):
    """`dialogue-app print FILE badges -o OUT --layout L7160` lays 21 labels on a sheet; a bad layout is refused."""
    from dialogue_app.cli import main

    path = seated_store.path
    seated_store.close()
    out = tmp_path / "small.pdf"
    assert main(["print", str(path), "badges", "-o", str(out), "--layout", "L7160"]) == 0
    assert "3 × 7 labels" in text_of(out)
    # the badges' table lines are in the language each wearer reads (issue 32): count the badges instead
    store = storage.open_event_file(path)
    try:
        with store.session() as s:
            n = len(collect.collect_badges(s))
    finally:
        store.close()
    assert n > 21
    pages = len(PdfReader(str(out)).pages)
    assert pages == -(-n // 21)
    with pytest.raises(SystemExit):
        main(["print", str(path), "badges", "-o", str(out), "--layout", "A0"])
