"""The trainer pack PDF renders in the event language with embedded fonts."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from dialogue_app import exports, i18n, storage
from dialogue_app.errors import Cancelled
from dialogue_app.training import content


def _text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def _fonts(path) -> set[tuple[str, bool]]:
    out = set()
    for page in PdfReader(str(path)).pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            f = f.get_object()
            desc = f.get("/FontDescriptor")
            embedded = desc is not None and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2",
                                                                                 "/FontFile3"))
            out.add((str(f["/BaseFont"]), embedded))
    return out


def _squash(s: str) -> str:
    return "".join(s.split())


def test_trainer_pack_renders_agendas_scenarios_and_attendance(demo_training, tmp_path):
    """The pack of the demo training holds the three agendas, every scenario title, the checklist, the
    coordinator handout and the trainees on the attendance list; every font is embedded."""
    out = tmp_path / "pack.pdf"
    store = storage.open_event_file(demo_training, read_only=True)
    try:
        n = exports.run_export(store, "trainer-pack", out)
        from dialogue_app.services import training as tr

        with store.session() as s:
            names = [t.name for t in tr.list_trainees(s)]
    finally:
        store.close()
    assert n == 9
    text = _squash(_text(out))
    for a in content.AGENDAS:
        assert _squash(a.title) in text
    for sc in content.SCENARIOS:
        assert _squash(sc.title) in text
    for phrase in ("Facilitator checklist", "Running a Day of Dialogue in your city", "Attendance list",
                   "Practice rounds", content.EXERCISES[0].title):
        assert _squash(phrase) in text
    latin = [n for n in names if all(ord(c) < 0x250 for c in n)]
    assert all(_squash(n) in text for n in latin[:5])
    fonts = _fonts(out)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert any("DejaVuSans" in name for name, _e in fonts)


@pytest.mark.parametrize(("lang", "title", "scenario"), [("nl", "Trainerspakket", "Iemand overheerst"),
                                                          ("fr", "Dossier du formateur", "Un récit douloureux")])
def test_trainer_pack_in_other_languages(demo_training, tmp_path, lang, title, scenario):
    """With --lang the pack comes out in Dutch or French (scenario cards included)."""
    out = tmp_path / f"pack-{lang}.pdf"
    store = storage.open_event_file(demo_training, read_only=True)
    try:
        exports.run_export(store, "trainer-pack", out, exports.ExportOptions(lang=lang))
    finally:
        store.close()
    text = _squash(_text(out))
    assert _squash(title) in text and _squash(scenario) in text
    assert i18n.gettext("Trainer pack") == "Trainer pack"  # the document language does not leak


def test_trainer_pack_for_a_dialogue_event_and_cancel(demo_path, tmp_path):
    """A dialogue event without trainees still gets a pack (blank attendance list); cancelling writes nothing."""
    out = tmp_path / "pack.pdf"
    store = storage.open_event_file(demo_path, read_only=True)
    try:
        assert exports.run_export(store, "trainer-pack", out) == 9
        assert "Attendancelist" in _squash(_text(out))
        out2 = tmp_path / "cancelled.pdf"
        with pytest.raises(Cancelled):
            exports.run_export(store, "trainer-pack", out2, should_stop=lambda: True)
        assert not out2.exists()
    finally:
        store.close()
