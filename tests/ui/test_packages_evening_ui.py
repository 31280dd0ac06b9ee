"""Table packages for every table from the Make a table package dialog (through its widgets), and a
package opened in the app: Plan tables and Import people are disabled, with a tooltip saying why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from dialogue_app import i18n, storage
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow
from dialogue_app.ui.offline.package_dialog import PackageDialog

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
    i18n.set_language("en")


def test_packages_for_all_tables_in_one_go_from_the_dialog(window, qtbot, seated, tmp_path):
    """Select all, tick "One package per table", choose a folder, Make: a package per table lands in the
    folder, each opening as the package of its own table."""
    from sqlalchemy import select

    from dialogue_app.models import DialogueTable

    assert window.open_path(seated)
    dlg = PackageDialog(window.ctx, window)
    qtbot.addWidget(dlg)
    dlg.show()
    n_tables = dlg.tables.count()
    qtbot.mouseClick(dlg.all_button, Qt.MouseButton.LeftButton)
    assert len(dlg.chosen()) == n_tables > 1
    dlg.each.click()
    assert dlg.out_label.text().replace("&", "") == "Folder:"
    assert dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", "") == "Make packages"
    assert dlg.output.text().endswith("organiser – table packages")
    folder = tmp_path / "packages"
    dlg.output.setText(str(folder))
    if SHOTS:
        dlg.grab().save(str(Path(SHOTS) / "offline-package-all-tables.png"))
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: len(dlg.result_paths) == n_tables, timeout=120000)
    assert not context.REPORTED
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [f"organiser – table {n:02d}.dialogue" for n in range(1, n_tables + 1)]
    for n, f in enumerate(files, 1):
        pkg = storage.open_event_file(f, read_only=True)
        with pkg.session() as s:
            assert [t.number for t in s.scalars(select(DialogueTable))] == [n]
        pkg.close()


def test_plan_and_import_are_disabled_inside_a_package(window, qtbot, seated, tmp_path):
    """In a package, Plan tables (Tables area), Import… (People area) and File > Import people are
    disabled with a tooltip saying it is a table package; Ctrl+P plans nothing. In the organiser's file
    they are enabled."""
    from dialogue_app.services.offline.package import make_package

    store = storage.open_event_file(seated, read_only=True)
    result = make_package(store, [2], tmp_path / "t2.dialogue")
    store.close()

    assert window.open_path(seated)
    assert window.act_import.isEnabled()
    assert window.show_area("tables").plan_view.plan_button.isEnabled()
    assert window.show_area("people").import_button.isEnabled()

    assert window.open_path(result.path)
    assert not window.act_import.isEnabled() and "table package" in window.act_import.toolTip()
    assert window.import_people() is None
    tables = window.show_area("tables")
    plan_view = tables.plan_view
    assert not plan_view.plan_button.isEnabled() and "table package" in plan_view.plan_button.toolTip()
    plan_view.plan()  # the Ctrl+P shortcut
    assert not getattr(plan_view, "_planning", False)
    people = window.show_area("people")
    assert not people.import_button.isEnabled() and "table package" in people.import_button.toolTip()
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "package-plan-disabled.png"))
