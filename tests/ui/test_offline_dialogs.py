"""The offline dialogs inside the real main window: package, merge with conflicts, restore, in use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from dialogue_app import storage
from dialogue_app.errors import EventFileInUse
from dialogue_app.storage import backups
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow
from dialogue_app.ui.offline.backups_dialog import RestoreBackupDialog
from dialogue_app.ui.offline.merge_dialog import MergeDialog
from dialogue_app.ui.offline.package_dialog import PackageDialog

ROOT = Path(__file__).resolve().parents[2]
SHOTS = os.environ.get("DIALOGUE_APP_SCREENSHOTS")


@pytest.fixture
def window(qtbot):
    context.record_errors_for_tests()
    context.REPORTED.clear()
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    yield w
    w.ctx.close_event()


def _shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def _rename_in(path: Path, new_name: str) -> None:
    from sqlalchemy import select

    from dialogue_app.models import Assignment, DialogueTable, Person

    store = storage.open_event_file(path)
    with store.session() as s:  # someone at table 1, the table that is packaged
        s.scalars(select(Person).join(Assignment, Assignment.person_id == Person.id)
                  .join(DialogueTable, DialogueTable.id == Assignment.table_id)
                  .where(DialogueTable.number == 1).order_by(Person.code)).first().first_name = new_name
    store.close()


def test_package_merge_and_restore_from_the_file_menu(window, qtbot, seated, tmp_path):
    """Open (a backup is made), package table 1, edit both sides, merge choosing per conflict, restore."""
    assert window.open_path(seated)
    assert len(backups.list_backups(seated)) == 1  # automatic backup at open
    assert all(a.isEnabled() for a in window.offline_actions)

    dlg = PackageDialog(window.ctx, window)
    qtbot.addWidget(dlg)
    dlg.set_chosen([1])
    out = tmp_path / "table1.dialogue"
    dlg.output.setText(str(out))
    dlg.show()
    _shot(dlg, "offline-package-dialog.png")
    dlg.make()
    qtbot.waitUntil(lambda: dlg.result_path is not None, timeout=20000)
    assert out.exists() and not context.REPORTED

    _rename_in(out, "FromTable")
    window.ctx.close_event()
    _rename_in(seated, "FromOrganiser")
    assert window.open_path(seated)

    merge = MergeDialog(window.ctx, window)
    qtbot.addWidget(merge)
    merge.add_packages([out])
    qtbot.waitUntil(lambda: merge.report is not None, timeout=20000)
    assert merge.model.rowCount() == 1 and merge.merge_button.isEnabled()
    idx = merge.model.index(0, 4)
    assert merge.model.data(idx, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    merge.model.setData(idx, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    merge.show()
    _shot(merge, "offline-merge-dialog.png")
    first = merge.report
    merge.merge()
    qtbot.waitUntil(lambda: merge.report is not first, timeout=20000)
    assert merge.report.written and not context.REPORTED

    from dialogue_app.services.people import list_people

    names = {p.first_name for p in window.ctx.read(list_people)}
    assert "FromTable" in names and "FromOrganiser" not in names

    restore = RestoreBackupDialog(window.ctx, window)
    qtbot.addWidget(restore)
    restore.show()
    _shot(restore, "offline-restore-dialog.png")
    assert restore.model.rowCount() >= 2
    # the oldest backup: before the merge and before the organiser's rename
    restore.view.selectRow(restore.model.rowCount() - 1)
    assert restore.restore(confirm=False)
    assert window.ctx.has_event and window.ctx.path == seated.resolve()
    names = {p.first_name for p in window.ctx.read(list_people)}
    assert "FromTable" not in names and "FromOrganiser" not in names


def test_a_package_says_so_in_the_title_bar(window, seated, tmp_path):
    """Opening a table package shows “(table package)” in the title and keeps the main file complete."""
    from dialogue_app.services.offline.package import make_package

    store = storage.open_event_file(seated, read_only=True)
    result = make_package(store, [2], tmp_path / "t2.dialogue")
    store.close()
    assert window.open_path(seated)
    assert not window.ctx.store.checkpoint_after_commit
    assert window.open_path(result.path)
    assert "(table package)" in window.windowTitle()
    assert window.ctx.store.checkpoint_after_commit  # the .dialogue file alone is always complete


def test_a_file_open_elsewhere_opens_read_only(window, demo_path):
    """When another instance writes the file, the window opens it read-only and says so."""
    code = "import sys,time\nfrom dialogue_app import storage\ns=storage.open_event_file(sys.argv[1])\nprint('HOLD',flush=True)\ntime.sleep(60)\n"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", code, str(demo_path)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout.readline().strip() == "HOLD"
        assert window.open_path(demo_path)
        assert window.ctx.store.read_only
        assert any(isinstance(e, EventFileInUse) for e in context.REPORTED)
        assert "(read-only)" in window.windowTitle()
        assert backups.list_backups(demo_path) == []  # no backup from a read-only viewer
    finally:
        proc.kill()
        proc.wait()


def test_backups_kept_is_a_setting(window, monkeypatch):
    """Settings > Backups kept… stores the number used when pruning automatic backups."""
    from PySide6.QtWidgets import QInputDialog

    from dialogue_app import settings
    from dialogue_app.ui.offline.backups_dialog import ask_backups_kept

    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (2, True)))
    assert ask_backups_kept(window.ctx, window) == 2
    assert settings.load().backups_kept == 2 == window.ctx.settings.backups_kept
