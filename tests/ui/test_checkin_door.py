"""The door on the day, driven like a volunteer: a forgiving name search with a sentence
when nobody matches, the arrivals count, walk-ins at a suggested table, closing check-in
with a clear question, and late arrivals after closing."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
from dialogue_app.services import people as people_svc
from dialogue_app.services import planning as plan_svc
from dialogue_app.services.seating import door as checkin_svc
from dialogue_app.ui import checkin_view

pytestmark = pytest.mark.qt


@pytest.fixture
def desk(window, qtbot):
    """The check-in tab of the planned demo, with one participant renamed "Hüseyin Yılmaz"."""
    plan_svc.plan_event(window.ctx.store, seconds=None, iterations=20, seed=4)

    def rename(s):
        pid = s.scalars(select(Person.id).join(Assignment).join(PersonRole, PersonRole.person_id == Person.id)
                        .where(PersonRole.role == "participant").order_by(Person.code)).first()
        data = people_svc.get_person(s, pid)
        people_svc.save_person(s, dataclasses.replace(data, first_name="Hüseyin", last_name="Yılmaz"))
        return pid

    pid = window.ctx.write(rename, {"people"})
    panel = window.show_area("tables")
    panel.refresh()
    panel.tabs.setCurrentIndex(1)
    ci = panel.checkin
    ci.reload()
    return window, ci, pid


def listed(ci) -> list[str]:
    return [ci.list.item(i).text() for i in range(ci.list.count())]


def test_search_without_turkish_letters_finds_the_person(desk, qtbot):
    """Typing "yilmaz" (or "huseyin yil") on a plain keyboard finds "Hüseyin Yılmaz"."""
    _w, ci, _pid = desk
    qtbot.keyClicks(ci.search, "yilmaz")
    assert any("Hüseyin Yılmaz" in t for t in listed(ci))
    ci.search.clear()
    qtbot.keyClicks(ci.search, "HUSEYIN yil")
    assert [t for t in listed(ci) if "Yılmaz" in t]
    assert ci.empty.isHidden()


def test_empty_search_result_says_so(desk, qtbot):
    """A search that finds nobody says "Nobody matches “xyz”." with a hint, never a blank list."""
    _w, ci, _pid = desk
    qtbot.keyClicks(ci.search, "xyzqq")
    assert ci.list.count() == 0
    assert not ci.empty.isHidden()
    assert "Nobody matches “xyzqq”." in ci.empty.text()
    assert "accents" in ci.empty.text()


def test_arrivals_count_follows_check_ins_and_undo(desk, qtbot):
    """The door shows "Arrived: N of M expected"; every check-in and undo updates it, walk-ins apart."""
    w, ci, _pid = desk
    codes = w.ctx.read(lambda s: list(s.scalars(select(Person.code).join(Assignment).order_by(Person.code))))
    text = ci.arrivals.text()
    assert text.startswith("Arrived: 0 of ")
    expected = int(text.split(" of ")[1].split()[0])
    for code in codes[:3]:
        qtbot.keyClicks(ci.code, code)
        qtbot.keyClick(ci.code, Qt.Key.Key_Return)
    assert ci.arrivals.text() == f"Arrived: 3 of {expected} expected"
    w.ctx.undo_stack.undo()
    assert ci.arrivals.text() == f"Arrived: 2 of {expected} expected"
    qtbot.keyClicks(ci.walk_first, "Walker")
    qtbot.keyClick(ci.walk_first, Qt.Key.Key_Return)
    assert ci.arrivals.text() == f"Arrived: 2 of {expected} expected · 1 walk-in"


def test_walk_in_suggestion_accepted_with_enter(desk, qtbot):
    """A walk-in gets "Suggested: table N, K free seats"; Enter seats them at that table."""
    w, ci, _pid = desk
    assert ci.walk_in.suggestion.text().startswith("Suggested: table ")
    suggested = int(ci.walk_in.suggestion.text().split("table ")[1].split(",")[0])
    assert "free seat" in ci.walk_in.suggestion.text()
    assert ci.walk_table.currentData() == suggested
    assert "(suggested)" in ci.walk_table.currentText()
    qtbot.keyClicks(ci.walk_first, "Walker")
    qtbot.keyClicks(ci.walk_last, "Inn")
    qtbot.keyClick(ci.walk_last, Qt.Key.Key_Return)
    number = w.ctx.read(lambda s: s.scalar(
        select(DialogueTable.number).join(Assignment, Assignment.table_id == DialogueTable.id)
        .join(Person, Person.id == Assignment.person_id).where(Person.first_name == "Walker")))
    assert number == suggested
    assert f"table {suggested}" in ci.result.text()


def test_walk_in_in_a_wheelchair_is_offered_accessible_tables_only(desk, qtbot):
    """Ticking "Uses a wheelchair" suggests an accessible table; the others are listed as not possible."""
    w, ci, _pid = desk
    ci.walk_in.wheelchair.setChecked(True)
    accessible = set(w.ctx.read(lambda s: s.scalars(select(DialogueTable.number)
                                                    .where(DialogueTable.accessible)).all()))
    assert ci.walk_table.currentData() in accessible
    texts = [ci.walk_table.itemText(i) for i in range(ci.walk_table.count())]
    if len(accessible) < len(texts) - 1:
        assert any("not wheelchair accessible" in t for t in texts)


def test_close_check_in_asks_with_the_number_and_late_arrival_gets_a_seat(desk, qtbot, monkeypatch):
    """Closing check-in says how many will be marked as not arrived and asks; someone who comes after
    closing is checked in as usual, present again and seated (own seat if free), and the desk says so."""
    w, ci, pid = desk
    codes = w.ctx.read(lambda s: list(s.scalars(select(Person.code).join(Assignment).order_by(Person.code))))
    for code in codes[1:6]:
        ci.code.setText(code)
        ci.check_in_code()
    waiting = w.ctx.read(checkin_svc.not_arrived_count)
    asked = {}

    def question(parent, title, text, *args, **kwargs):
        asked["title"], asked["text"] = title, text
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    ci.close_button.click()
    assert asked["title"] == "Close check-in"
    assert f"{waiting} people have not arrived" in asked["text"]
    assert w.ctx.read(lambda s: s.get(Person, pid).attendance) == "registered"  # cancelled: nothing changed
    assert ci.rebalance_button.text() != ci.close_button.text()

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(checkin_view.RebalanceDialog, "exec", lambda dlg: QDialog.DialogCode.Rejected)
    ci.close_button.click()
    assert w.ctx.read(lambda s: s.get(Person, pid).attendance) == "absent"
    assert f"{waiting} people marked as not arrived" in ci.result.text()

    # Hüseyin comes late: found without Turkish letters, marked as not arrived in the list
    qtbot.keyClicks(ci.search, "yilmaz")
    assert any("marked not arrived" in t for t in listed(ci))
    qtbot.keyClick(ci.list, Qt.Key.Key_Return)
    assert w.ctx.read(lambda s: s.get(Person, pid).attendance) == "present"
    seat = w.ctx.read(lambda s: s.scalars(select(Assignment).where(Assignment.person_id == pid)).one().seated)
    assert seat
    number = w.ctx.read(lambda s: s.scalar(
        select(DialogueTable.number).join(Assignment, Assignment.table_id == DialogueTable.id)
        .where(Assignment.person_id == pid)))
    assert f"arrived late: back at their own seat, table {number}" in ci.result.text()
    w.ctx.undo_stack.undo()
    assert w.ctx.read(lambda s: s.get(Person, pid).attendance) == "absent"
    w.ctx.undo_stack.redo()
    assert w.ctx.read(lambda s: s.get(Person, pid).attendance) == "present"


def test_late_arrival_whose_seat_was_given_away_gets_a_free_one(desk, qtbot, monkeypatch):
    """After closing and rebalancing, a no-show's seat is gone: checking them in seats them at the
    suggested free table and says their seat was taken."""
    w, ci, pid = desk
    monkeypatch.setattr(checkin_view, "CONFIRM_CLOSE", True)
    monkeypatch.setattr(checkin_view.RebalanceDialog, "exec", lambda dlg: QDialog.DialogCode.Accepted)
    ci.close_check_in()
    assert w.ctx.read(lambda s: s.scalars(select(Assignment).where(Assignment.person_id == pid)).first()) is None
    code = w.ctx.read(lambda s: s.get(Person, pid).code)
    qtbot.keyClicks(ci.code, code)
    qtbot.keyClick(ci.code, Qt.Key.Key_Return)
    assert w.ctx.read(lambda s: s.get(Person, pid).attendance) == "present"
    text = ci.result.text()
    number = w.ctx.read(lambda s: s.scalar(
        select(DialogueTable.number).join(Assignment, Assignment.table_id == DialogueTable.id)
        .where(Assignment.person_id == pid)))
    assert number is not None
    assert f"arrived late: their seat was taken, so they sit at table {number}" in text
    w.ctx.undo_stack.undo()  # one step: not present and no seat again
    assert w.ctx.read(lambda s: s.get(Person, pid).attendance) == "absent"
    assert w.ctx.read(lambda s: s.scalars(select(Assignment).where(Assignment.person_id == pid)).first()) is None
    w.ctx.undo_stack.redo()
    assert w.ctx.read(lambda s: s.scalars(select(Assignment).where(Assignment.person_id == pid)).one().seated)


def test_walk_in_at_another_table_chosen_from_the_list(desk, qtbot):
    """The table list shows every table's free seats; a table the volunteer picks is the one used,
    even when a check-in in between refreshes the suggestion."""
    w, ci, _pid = desk
    qtbot.keyClicks(ci.walk_first, "Mira")
    combo = ci.walk_table
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert all("free seat" in t or "not possible" in t or "No table yet" in t for t in texts)
    other = next(i for i in range(1, combo.count()) if combo.itemData(i) is not None
                 and "not possible" not in combo.itemText(i))
    combo.setCurrentIndex(other)
    combo.activated.emit(other)
    chosen = combo.itemData(other)
    code = w.ctx.read(lambda s: s.scalars(select(Person.code).join(Assignment).order_by(Person.code.desc())).first())
    ci.code.setText(code)
    ci.check_in_code()
    assert ci.walk_table.currentData() == chosen
    qtbot.keyClick(ci.walk_first, Qt.Key.Key_Return)
    number = w.ctx.read(lambda s: s.scalar(
        select(DialogueTable.number).join(Assignment, Assignment.table_id == DialogueTable.id)
        .join(Person, Person.id == Assignment.person_id).where(Person.first_name == "Mira")))
    assert number == chosen


def test_code_scanned_again_says_when_it_was_checked_in(desk, qtbot):
    """A code scanned a second time (here, or a moment ago at another door) is not checked in
    twice: the desk says "… was already checked in at 10:42: table 7" with the first scan's time."""
    from dialogue_app.services.seating.door_checks import local_time

    window, ci, pid = desk
    code = window.ctx.read(lambda s: s.get(Person, pid).code)
    ci._do_check_in(code)
    assert "already" not in ci.result.text()
    at = window.ctx.read(lambda s: s.get(Person, pid).checked_in_at)
    ci._do_check_in(code)
    assert f"was already checked in at {local_time(at)}: table" in ci.result.text()
