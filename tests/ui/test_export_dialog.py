"""File ▸ Export data… inside the real main window: every spreadsheet/SQLite export is
offered with what personal data it holds, and writes its file in the background."""

from __future__ import annotations

import csv
import sqlite3

import pytest

pytest.importorskip("PySide6")

from dialogue_app import exports
from dialogue_app.services import planning as plan_svc
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.export_dialog import data_exports
from dialogue_app.ui.main_window import MainWindow


def test_export_needs_an_open_event(qtbot):
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    assert not w.act_export.isEnabled() and w.export_data() is None


def test_every_data_export_is_offered_with_its_personal_data(window):
    assert window.act_export.isEnabled()
    dialog = window.export_data()
    kinds = [dialog.kinds.item(i).data(256) for i in range(dialog.kinds.count())]
    assert kinds == [s.kind for s in exports.EXPORTS if s.fmt in ("csv", "sqlite")] == [s.kind for s in data_exports()]
    assert {"people-csv", "seating-csv", "survey-sqlite"} <= set(kinds)
    dialog.kinds.setCurrentRow(kinds.index("survey-sqlite"))
    assert "random respondent keys" in dialog.personal.text()
    assert dialog.default_path().suffix == ".sqlite"
    dialog.close()


def test_the_seating_list_and_the_survey_file_are_written(window, qtbot, tmp_path):
    """The seating list names each person's table and venue in both rounds; the survey
    export is a SQLite file; the extension is added when the name has none."""
    plan_svc.plan_event(window.ctx.store, round_no=2, seconds=None, iterations=20, seed=1)
    dialog = window.export_data()
    kinds = [dialog.kinds.item(i).data(256) for i in range(dialog.kinds.count())]
    dialog.kinds.setCurrentRow(kinds.index("seating-csv"))
    dialog.export(tmp_path / "seating")
    qtbot.waitUntil(lambda: dialog.handle is None, timeout=20000)
    assert dialog.written == tmp_path / "seating.csv"
    with open(dialog.written, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][-4:] == ["Table, round 1", "Venue, round 1", "Table, round 2", "Venue, round 2"]
    seated = [r for r in rows[1:] if r[5]]
    assert len(seated) > 50 and all(r[7] for r in seated if r[4] == "Registered")
    assert "Wrote" in dialog.status.text()
    dialog.kinds.setCurrentRow(kinds.index("survey-sqlite"))
    dialog.export(tmp_path / "survey.sqlite")
    qtbot.waitUntil(lambda: dialog.handle is None, timeout=20000)
    with sqlite3.connect(tmp_path / "survey.sqlite") as db:
        assert db.execute("select count(*) from info").fetchone()[0] > 0
    assert context.REPORTED == []
    dialog.close()
