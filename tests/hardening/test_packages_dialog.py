"""The merge dialog lists the records of a tampered package that will be ignored (issue 28, class 5)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from dialogue_app import storage
from dialogue_app.services.offline.package import make_package
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow
from dialogue_app.ui.offline.merge_dialog import MergeDialog

SHOTS = os.environ.get("DIALOGUE_APP_SCREENSHOTS")


def test_the_merge_dialog_names_the_ignored_records(qtbot, demo_path: Path, tmp_path: Path):
    """A person of another table smuggled into a package is named in the dialog's summary."""
    store = storage.open_event_file(demo_path, read_only=True)
    pkg = make_package(store, [1], tmp_path / "table1.dialogue").path
    store.close()
    conn = sqlite3.connect(pkg)
    other = conn.execute(f"ATTACH '{demo_path}' AS o").fetchall() or conn.execute(
        "SELECT a.person_id FROM o.assignment a JOIN o.dialogue_table t ON t.id = a.table_id "
        "WHERE t.number = 2 ORDER BY a.person_id").fetchone()[0]
    conn.execute(f"INSERT INTO person SELECT * FROM o.person WHERE id = '{other}'")
    conn.execute(f"UPDATE person SET first_name = 'Hijacked' WHERE id = '{other}'")
    conn.commit()
    conn.close()

    context.record_errors_for_tests()
    window = MainWindow(AppContext())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    assert window.open_path(demo_path)
    merge = MergeDialog(window.ctx, window)
    qtbot.addWidget(merge)
    merge.add_packages([pkg])
    qtbot.waitUntil(lambda: merge.report is not None, timeout=30000)
    assert merge.report.ignored
    text = merge.summary.text()
    assert "1 record of a package will be ignored" in text and "Hijacked" in text
    assert "not part of the package's tables" in text
    merge.show()
    if SHOTS:
        merge.grab().save(str(Path(SHOTS) / "merge-ignored.png"))
    window.ctx.close_event()
