"""Printing the night before in the app: badge order and one PDF per table in the Reports options,
translated default file names, and an Export dialog that shows words instead of internal keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtPdf")

from pypdf import PdfReader

from dialogue_app import exports, i18n, storage
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt
SHOTS = os.environ.get("DIALOGUE_APP_SCREENSHOTS")


@pytest.fixture(params=["en"])
def window(request, qtbot, demo_path):
    from tests.offline.conftest import seat_everyone

    store = storage.open_event_file(demo_path)
    seat_everyone(store)
    store.close()
    context.record_errors_for_tests()
    context.REPORTED.clear()
    i18n.set_language(request.param)
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_path(demo_path)
    yield w
    w.ctx.close_event()
    i18n.set_language("en")


def _kinds(panel) -> list[str]:
    return [panel.docs.item(i).data(256) for i in range(panel.docs.count())]


def test_badges_by_name_and_table_cards_per_table_from_the_reports_panel(window, qtbot, tmp_path):
    """Badge order "By name" gives badges whose pages follow the people's names; "One PDF per table"
    makes one file per table, previews the first, and Save copies them all into the chosen folder."""
    from dialogue_app.services.printing import collect

    panel = window.show_area("reports")
    panel.docs.setCurrentRow(_kinds(panel).index("badges"))
    assert panel.print_options.order.isEnabled() and not panel.print_options.split.isEnabled()
    panel.layout_box.setCurrentIndex(panel.layout_box.findData("single"))
    panel.print_options.order.setCurrentIndex(panel.print_options.order.findData("name"))
    panel.create_button.click()
    qtbot.waitUntil(lambda: panel.handle is None and panel.pdf.pageCount() > 0, timeout=60000)
    with window.ctx.store.session() as s:
        expected = [b.code for b in collect.collect_badges(s, order="name")]
    pages = [p.extract_text() for p in PdfReader(str(panel._preview_path)).pages]
    assert [next(c for c in expected if c in text) for text in pages] == expected
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "print-panel-badge-order.png"))

    panel.docs.setCurrentRow(_kinds(panel).index("table-cards"))
    assert panel.print_options.split.isEnabled() and not panel.print_options.order.isEnabled()
    panel.print_options.split.setCurrentIndex(panel.print_options.split.findData("table"))
    panel.create_button.click()
    qtbot.waitUntil(lambda: panel.handle is None and panel.pdf.pageCount() > 0, timeout=60000)
    assert context.REPORTED == []
    with window.ctx.store.session() as s:
        tables = collect.collect_tables(s)
    assert "one per table" in panel.status.text()
    assert panel.pdf.pageCount() == 1 + len(tables[0].first_names)  # the preview shows table 1
    assert panel.default_save_path().name == "Table cards"
    saved = panel.save_pdf(tmp_path / "cards")
    assert saved == tmp_path / "cards"
    assert sorted(p.name for p in saved.iterdir()) == [f"Table card table {t.number:02d}.pdf" for t in tables]


@pytest.mark.parametrize("window", ["nl"], indirect=True)
def test_default_file_names_are_dutch_words(window, qtbot):
    """In Dutch the Save dialog proposes "Naambadges.pdf" for badges and the Export dialog
    "<event> – Lijst van mensen.csv" for the people list, never an internal key."""
    panel = window.show_area("reports")
    panel.docs.setCurrentRow(_kinds(panel).index("badges"))
    assert panel.default_save_path().name == "Naambadges.pdf"
    panel.docs.setCurrentRow(_kinds(panel).index("table-cards"))
    assert panel.default_save_path().name == "Tafelkaarten.pdf"
    dialog = window.export_data()
    kinds = [dialog.kinds.item(i).data(256) for i in range(dialog.kinds.count())]
    dialog.kinds.setCurrentRow(kinds.index("people-csv"))
    assert dialog.default_path().name == f"{window.ctx.path.stem} – Lijst van mensen.csv"
    assert dialog.kinds.currentItem().text() == "Lijst van mensen (CSV)"
    dialog.close()


def test_the_export_dialog_shows_no_internal_key(window):
    """Every list entry, tooltip and description of File > Export data is in words ("People list (CSV)"),
    none shows an internal key such as people-csv."""
    dialog = window.export_data()
    keys = {s.kind for s in exports.EXPORTS}
    texts = []
    for i in range(dialog.kinds.count()):
        dialog.kinds.setCurrentRow(i)
        item = dialog.kinds.item(i)
        texts += [item.text(), item.toolTip(), dialog.personal.text()]
    assert "People list (CSV)" in texts
    assert not [t for t in texts for k in keys if k in t]
    if SHOTS:
        dialog.show()
        dialog.grab().save(str(Path(SHOTS) / "export-dialog-words.png"))
    dialog.close()
