"""The facilitator screen and the Commitments area driven like a facilitator would:
a whole session on the demo event with a fake clock (no sleeps), overtime, a restart
in the middle of a phase, commitments, the projector view and the script editor."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.facilitation.timer import FakeClock
from dialogue_app.models import Assignment, DialogueTable, Person
from dialogue_app.services import commitments as cm
from dialogue_app.services import facilitation as fac
from dialogue_app.ui import context
from dialogue_app.ui.facilitation import chime, live_timer
from dialogue_app.ui.facilitation import panel as facilitation_panel
from dialogue_app.ui.widgets.combos import find_data


def seat(path, table_number=1, n=6) -> list[str]:
    """Seat n participants at a table of the demo (the planner's job in real use); their codes."""
    store = storage.open_event_file(path)
    with store.session() as s:
        t = s.scalars(select(DialogueTable).where(DialogueTable.number == table_number)).one()
        # the demo comes planned: take the table's own guests, seat more only if needed
        at_table = [p for p in s.scalars(select(Person).join(Assignment, Assignment.person_id == Person.id)
                                         .where(Assignment.table_id == t.id).order_by(Person.code))
                    if "facilitator" not in p.role_names]
        people = at_table[:n]
        for extra in at_table[n:]:  # exactly n guests at the table
            s.delete(s.scalars(select(Assignment).where(Assignment.person_id == extra.id)).one())
        s.flush()
        if len(people) < n:
            seated = set(s.scalars(select(Assignment.person_id)))
            extra = [p for p in s.scalars(select(Person).order_by(Person.code))
                     if p.id not in seated and "facilitator" not in p.role_names and p.attendance != "cancelled"]
            for p in extra[: n - len(people)]:
                s.add(Assignment(person_id=p.id, table_id=t.id, round=1))
                people.append(p)
        codes = [p.code for p in people]
        # these people have not spoken yet: no (demo) commitments linked to them
        from dialogue_app.models.facilitation import Commitment

        ids = [p.id for p in people]
        for c in s.scalars(select(Commitment).where(Commitment.person_id.in_(ids) | Commitment.partner_id.in_(ids))):
            c.person_id = c.person_id if c.person_id not in ids else None
            c.partner_id = c.partner_id if c.partner_id not in ids else None
    store.close()
    return codes


@pytest.fixture
def clock(monkeypatch):
    c = FakeClock(dt.datetime(2026, 11, 5, 17, 30))
    monkeypatch.setattr(facilitation_panel, "SystemClock", lambda: c)
    return c


@pytest.fixture
def open_window(qtbot):
    context.record_errors_for_tests()
    context.REPORTED.clear()
    made = []

    def make(path):
        from dialogue_app.ui.context import AppContext
        from dialogue_app.ui.main_window import MainWindow

        win = MainWindow(AppContext())
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        qtbot.waitExposed(win)
        assert win.open_path(path)
        made.append(win)
        return win

    yield make
    for w in made:
        w.ctx.close_event()
    assert context.REPORTED == []


def test_whole_session_with_overtime_restart_and_commitments(qtbot, demo_path, clock, open_window):
    """Start, pause, next, overtime (text + style), restart mid-phase with the right remaining
    time, keyboard control, commitments saved with Enter."""
    codes = seat(demo_path)
    win = open_window(demo_path)
    panel = win.show_area("facilitation")
    assert panel.table_combo.count() > 1 and panel.people_list.count() == 6
    assert "Phase 1 of 6: Opening" in panel.phase_label.text()
    assert "Not started" in panel.status_label.text() and panel.timer_label.text() == "10:00"

    qtbot.mouseClick(panel.start_btn, Qt.MouseButton.LeftButton)
    clock.advance(4 * 60)
    panel.update_display()
    assert panel.timer_label.text() == "6:00" and panel.start_btn.text() == "&Pause"
    panel.command("pause")
    clock.advance(120)
    panel.update_display()
    assert panel.timer_label.text() == "6:00" and "Paused" in panel.status_label.text()
    panel.live.setFocus()
    qtbot.keyClick(panel.live, Qt.Key.Key_Space)  # resume
    clock.advance(6 * 60)
    qtbot.keyClick(panel.live, Qt.Key.Key_Right)  # next: round 1
    assert panel.timer.current == 1 and panel.timer.running
    assert panel.schedule_list.item(0).text().endswith("actual 10:00")  # planned vs actual per phase
    assert "Crossing the bridge" in panel.question_label.text()
    clock.advance(20 * 60 + 1.5)
    panel.update_display()
    assert panel.timer_label.styleSheet() == live_timer.OVERTIME_FLASH  # the first seconds flash
    clock.advance(133.5)
    panel.update_display()
    assert panel.status_label.text().startswith("OVERTIME: +2:15")
    assert panel.timer_label.text() == "+2:15" and "8b0000" in panel.timer_label.styleSheet()
    assert "Behind schedule by 2 minutes" in panel.pacing_label.text()
    assert panel.beeps == 1
    panel.command("next")  # experiences, running
    clock.advance(10 * 60)
    panel.update_display()
    assert panel.timer_label.text() == "25:00"

    # crash: the window and file are closed without Pause; 30 s later the app is back
    win.ctx.close_event()
    win.close()
    clock.advance(30)
    clock._mono = 42.0  # a new process has another monotonic origin
    win2 = open_window(demo_path)
    panel2 = win2.show_area("facilitation")
    assert panel2.timer.current == 2 and panel2.timer.running
    assert panel2.timer_label.text() == "24:30"
    assert "Behind schedule by 2 minutes" in panel2.pacing_label.text()

    panel2.command("next")  # dream
    panel2.command("next")  # do
    assert panel2.commit_box.isVisible()
    panel2.c_text.setText("I will greet my neighbours by name")
    panel2.c_person.setCurrentIndex(1)
    panel2.c_partner.setCurrentIndex(2)
    panel2.c_kind.setCurrentIndex(1)
    qtbot.keyClick(panel2.c_text, Qt.Key.Key_Return)
    assert panel2.c_text.text() == "" and panel2.c_person.currentIndex() == 0
    qtbot.keyClicks(panel2.c_text, "Ik ga koken voor de buren")
    qtbot.keyClick(panel2.c_text, Qt.Key.Key_Return)
    rows = win2.ctx.read(lambda s: cm.list_commitments(s, panel2.table_id))
    mine = [r for r in rows if r.text in ("I will greet my neighbours by name", "Ik ga koken voor de buren")]
    assert len(mine) == 2
    linked = next(r for r in mine if not r.anonymous)
    assert linked.person_code in codes and linked.kind == "together" and linked.partner_id is not None
    assert next(r for r in mine if r.anonymous).kind == "personal"
    assert "commitments recorded" in panel2.c_count.text()
    win2.ctx.undo_stack.undo()
    assert len(win2.ctx.read(lambda s: cm.list_commitments(s, panel2.table_id))) == len(rows) - 1

    # back and forth, then finish
    qtbot.keyClick(panel2.live, Qt.Key.Key_Left)
    assert panel2.timer.current == 3
    for _i in range(3):
        panel2.command("next")
    assert panel2.timer.finished and "finished" in panel2.phase_label.text()


def test_projector_view_and_keys(qtbot, demo_path, clock, open_window):
    """F5 (or the button) opens a second window with the phase, question and timer;
    its keys drive the timer; Esc closes it while the controls stay in the main window."""
    seat(demo_path)
    win = open_window(demo_path)
    panel = win.show_area("facilitation")
    panel.toggle_projector()
    proj = panel.projector
    assert proj is not None and proj.isVisible() and proj.isWindow()
    qtbot.keyClick(proj, Qt.Key.Key_Space)
    clock.advance(11 * 60)
    panel.update_display()
    assert proj.timer.text() == "+1:00" and proj.status.text().startswith("Overtime: +1:00")
    assert "Opening" in proj.phase.text() and proj.question.text()
    qtbot.keyClick(proj, Qt.Key.Key_Right)
    assert panel.timer.current == 1
    qtbot.keyClick(proj, Qt.Key.Key_Escape)
    assert panel.projector is None and not panel.projector_btn.isChecked()
    panel.projector_btn.click()
    assert panel.projector is not None
    panel.projector_btn.click()
    assert panel.projector is None
    win.windowHandle().requestActivate()  # offscreen: activate the window so shortcuts apply
    QApplication.processEvents()
    panel.live.setFocus()
    qtbot.keyClick(panel.live, Qt.Key.Key_F5)
    assert panel.projector is not None and panel.projector.isVisible()
    qtbot.keyClick(panel.projector, Qt.Key.Key_F5)
    assert panel.projector is None
    QApplication.processEvents()


def test_script_editor_edits_and_undo(qtbot, demo_path, clock, open_window):
    """Edit a phase (theme placeholder and a literal brace), add, move, remove, edit ground
    rules; every edit is undoable and the live page follows."""
    win = open_window(demo_path)
    panel = win.show_area("facilitation")
    panel.table_combo.setCurrentIndex(2)
    panel.tabs.setCurrentIndex(1)
    panel.phase_list.setCurrentRow(1)
    panel.f_question.setPlainText("What does {theme} mean to you? {not a placeholder")
    panel.f_minutes.setValue(30)
    panel.save_phase()
    phases = win.ctx.read(fac.list_phases)
    assert phases[1].minutes == 30 and "{theme}" in phases[1].question
    assert panel.table_combo.currentIndex() == 2  # a refresh keeps the chosen table
    guide = win.ctx.read(lambda s: fac.guide_data(s, 1))
    assert guide.phases[1].question.endswith("{not a placeholder") and guide.total_minutes == 130
    panel.add_phase()
    assert len(win.ctx.read(fac.list_phases)) == 7 and panel.phase_list.currentRow() == 2
    panel.move_phase(1)
    assert win.ctx.read(fac.list_phases)[3].title == "New phase"
    panel.remove_phase()
    assert len(win.ctx.read(fac.list_phases)) == 6
    panel.rules_edit.setPlainText("Listen\nBe kind")
    panel.save_rules()
    assert win.ctx.read(fac.ground_rules) == ("Listen", "Be kind")
    assert "Be kind" in panel.rules_label.text()
    for _i in range(5):
        win.ctx.undo_stack.undo()
    phases = win.ctx.read(fac.list_phases)
    assert [p.minutes for p in phases] == [10, 20, 35, 25, 20, 10] and len(win.ctx.read(fac.ground_rules)) == 8
    panel.tabs.setCurrentIndex(0)
    assert "Crossing the bridge" in panel.question_label.text() or panel.timer.current == 0


def test_commitments_area_filters_followup_and_delete(qtbot, demo_path, clock, open_window):
    """The list filters by table, kind and status; a code finds the person's commitments and
    sets their follow-up; delete is undoable."""
    codes = seat(demo_path, 2, 3)
    store = storage.open_event_file(demo_path)
    with store.session() as s:
        t = s.scalars(select(DialogueTable).where(DialogueTable.number == 2)).one()
        pid = s.scalars(select(Person.id).where(Person.code == codes[0])).one()
        cm.save_commitment(s, cm.CommitmentData(id=cm.uuid.uuid4(), text="Visit the library", table_id=t.id,
                                                person_id=pid))
    store.close()
    win = open_window(demo_path)
    panel = win.show_area("commitments")
    total = panel.model.rowCount()
    assert total == panel.proxy.rowCount() > 10 and "commitments" in panel.counts.text()
    panel.f_table.setCurrentIndex(find_data(panel.f_table, t.id))
    assert 0 < panel.proxy.rowCount() < total
    panel.f_table.setCurrentIndex(0)
    panel.f_kind.setCurrentIndex(panel.f_kind.findData("organisation"))
    kinds = {panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())}
    assert kinds == {"Needs the organisation"}
    panel.f_kind.setCurrentIndex(0)

    panel.code.setText(codes[0].lower())
    qtbot.keyClick(panel.code, Qt.Key.Key_Return)
    assert panel.found.count() == 1 and "1 commitment" in panel.found_label.text()
    panel.fu_status.setCurrentIndex(panel.fu_status.findData("partly"))
    panel.set_followup()
    mine = win.ctx.read(lambda s: cm.commitments_for_code(s, codes[0]))[1]
    assert mine[0].followup_status == "partly" and mine[0].followup_date is not None
    assert "[Partly]" in panel.found.item(0).text()
    panel.code.setText("ZZZZ99")
    panel.find_code()
    assert "No participant" in panel.found_label.text()

    panel.view.selectRow(0)
    panel.delete()
    assert panel.model.rowCount() == total - 1
    win.ctx.undo_stack.undo()
    assert panel.model.rowCount() == total
    win.ctx.undo_stack.undo()
    assert win.ctx.read(lambda s: cm.commitments_for_code(s, codes[0]))[1][0].followup_status == "not_asked"


def test_talking_stick_notes_and_chime(qtbot, demo_path, clock, open_window, tmp_path):
    """The talking-stick order and the turn tally are stored; private notes are saved (also
    when switching tables); the overtime chime is a valid WAV and a missing audio stack
    never crashes."""
    import wave

    seat(demo_path, 1, 5)
    win = open_window(demo_path)
    panel = win.show_area("facilitation")
    first = panel.data.seats[0]
    panel.people_list.setCurrentRow(0)
    panel.down_btn.click()
    assert panel.data.seats[1].person_id == first.person_id and panel.people_list.currentRow() == 1
    panel.turn_btn.click()
    panel.turn_btn.click()
    panel.unturn_btn.click()
    assert panel.data.seats[1].turns == 1 and "1 turn" in panel.people_list.item(1).text()
    panel.notes_edit.setPlainText("Ask Sem more; Fatima quiet")
    panel.table_combo.setCurrentIndex(1)  # switching saves at once
    data = win.ctx.read(lambda s: fac.load_session(s, panel.table_combo.itemData(0), 1))
    assert data.notes == "Ask Sem more; Fatima quiet"
    assert [s.person_id for s in data.seats][1] == first.person_id and data.seats[1].turns == 1

    path = chime.write_chime(tmp_path / "chime.wav")
    with wave.open(str(path)) as w:
        assert w.getnframes() > 10000 and w.getsampwidth() == 2
    panel.table_combo.setCurrentIndex(0)
    panel.command("start")
    clock.advance(10 * 60 + 1)
    panel.update_display()  # plays the chime or beeps; never raises offscreen
    assert panel.beeps == 1
    panel.sound_check.setChecked(False)
    panel.command("next")
    clock.advance(20 * 60 + 1)
    panel.update_display()
    assert panel.beeps == 1
