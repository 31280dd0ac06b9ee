"""The Reports panel: create a PDF off the GUI thread, preview it with QtPdf, decode its QR codes, save it."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtPdf")

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from dialogue_app import storage
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt


def _seat(path) -> dict[int, set[str]]:
    """Seat the demo round-robin (unless a plan exists); returns the codes per table."""
    from sqlalchemy import select

    from dialogue_app.models import Assignment, DialogueTable, Person
    from dialogue_app.services.printing import collect

    store = storage.open_event_file(path)
    try:
        with store.session() as s:
            if s.scalars(select(Assignment.id).limit(1)).first() is None:
                tables = list(s.scalars(select(DialogueTable).order_by(DialogueTable.number)))
                for i, p in enumerate(s.scalars(select(Person).order_by(Person.code))):
                    s.add(Assignment(person_id=p.id, table_id=tables[i % len(tables)].id, round=1))
        with store.session() as s:
            by_table: dict[int, set[str]] = {}
            for b in collect.collect_badges(s):
                by_table.setdefault(b.table_number, set()).add(b.code)
            return by_table
    finally:
        store.close()


@pytest.fixture
def window(qtbot, demo_path):
    context.record_errors_for_tests()
    context.REPORTED.clear()
    codes = _seat(demo_path)
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_path(demo_path)
    w.codes = codes
    yield w
    w.ctx.close_event()


def test_reports_panel_creates_previews_and_saves_badges_with_decodable_qr_codes(window, qtbot, tmp_path):
    """Badges for table 1: created on a worker thread, shown in the QtPdf preview, each rendered QR code
    decodes to exactly one participant code of table 1, and Save writes the file."""
    panel = window.show_area("reports")
    assert type(panel).__name__ == "ReportsPanel"
    panel.docs.setCurrentRow(0)
    assert panel.current_kind() == "badges"
    panel.tables.setText("1")
    panel.create_button.click()
    qtbot.waitUntil(lambda: panel.handle is None and panel.pdf.pageCount() > 0, timeout=30000)
    assert context.REPORTED == []
    assert panel.save_button.isEnabled()

    image: QImage = panel.pdf.render(0, QSize(1240, 1754))  # A4 at 150 dpi
    zxingcpp = pytest.importorskip("zxingcpp")
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    import numpy as np

    ptr = image.constBits()
    arr = np.frombuffer(ptr, dtype=np.uint8, count=image.sizeInBytes()).reshape(
        image.height(), image.bytesPerLine())[:, : image.width()].copy()
    decoded = {r.text for r in zxingcpp.read_barcodes(arr) if r.format == zxingcpp.BarcodeFormat.QRCode}
    assert decoded, "no QR code decoded from the rendered page"
    assert decoded <= window.codes[1]
    assert len(decoded) == min(8, len(window.codes[1]))

    window.grab().save(str(tmp_path / "panel.png"))
    saved = panel.save_pdf(tmp_path / "out" / "badges.pdf")
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")
    assert panel.default_save_path().parent.parent == window.ctx.path.parent


def test_bad_table_filter_is_reported_not_raised(window, qtbot):
    """Typing "abc" as the table filter shows a message and creates nothing."""
    panel = window.show_area("reports")
    panel.tables.setText("abc")
    panel.create_button.click()
    assert len(context.REPORTED) == 1 and "1, 3-5" in str(context.REPORTED[0])
    assert panel.handle is None and panel.pdf.pageCount() == 0


def test_a_table_the_event_does_not_have_is_reported_and_makes_no_pdf(window, qtbot):
    """Typing table 999 (a typo for 9) names the missing table instead of previewing an empty PDF."""
    panel = window.show_area("reports")
    panel.docs.setCurrentRow(0)
    panel.tables.setText("1, 999")
    panel.create_button.click()
    qtbot.waitUntil(lambda: panel.handle is None, timeout=30000)
    assert len(context.REPORTED) == 1 and "999" in str(context.REPORTED[0])
    assert panel.pdf.pageCount() == 0 and not panel.save_button.isEnabled()


def test_options_follow_the_chosen_document(window):
    """The label layout applies to badges only; waves and anonymity to survey forms only."""
    panel = window.show_area("reports")
    kinds = [panel.docs.item(i).data(256) for i in range(panel.docs.count())]
    panel.docs.setCurrentRow(kinds.index("survey-forms"))
    assert panel.waves.isEnabled() and not panel.layout_box.isEnabled()
    panel.docs.setCurrentRow(kinds.index("report"))
    assert not panel.tables.isEnabled()
    panel.docs.setCurrentRow(kinds.index("badges"))
    panel.layout_box.setCurrentIndex(panel.layout_box.findData("L7160"))
    assert panel.options().extra == {"layout": "L7160", "order": "table"}
    for w in (panel.docs, panel.tables, panel.language, panel.layout_box, panel.create_button):
        assert w.accessibleName()


def test_preview_files_are_removed_when_the_event_closes(window, qtbot):
    """The temporary preview PDF (personal data) disappears with the panel when the event is closed."""
    panel = window.show_area("reports")
    kinds = [panel.docs.item(i).data(256) for i in range(panel.docs.count())]
    panel.docs.setCurrentRow(kinds.index("report"))
    panel.create_button.click()
    qtbot.waitUntil(lambda: panel.handle is None and panel.pdf.pageCount() > 0, timeout=30000)
    folder = panel._tmpdir
    assert any(folder.iterdir())
    window.ctx.close_event()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5000)
