"""Tables screen and check-in, driven like a user: drag and drop, swap on drop, lock,
undo, keyboard moves, check-in by code, walk-ins and rebalancing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from dialogue_app.models import Assignment, DialogueTable, Person
from dialogue_app.services import planning as plan_svc
from dialogue_app.ui import checkin_view, context
from dialogue_app.ui.tables_panel import MIME


@pytest.fixture
def window(planned_tables):
    """The planned demo's main window and its Tables panel (tests/ui/conftest.py)."""
    return planned_tables


def seat_of(ctx, person_id):
    return ctx.read(lambda s: s.scalars(select(Assignment.table_id).where(Assignment.person_id == person_id)).first())


def drop(list_widget, ids, row=None, shift=False):
    """Simulate dropping people (by id) on a table list, on the row's person when given
    (with Shift held: a swap)."""
    data = QMimeData()
    data.setData(MIME, ",".join(str(i) for i in ids).encode())
    if row is None:
        pos = QPointF(5, list_widget.viewport().height() - 3)
    else:
        rect = list_widget.visualItemRect(list_widget.item(row))
        pos = QPointF(rect.center())
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    event = QDropEvent(pos, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, mods)
    list_widget.dropEvent(event)


def guests(card_widget):
    return [card_widget.people.item(i) for i in range(card_widget.people.count())
            if "(facilitator" not in card_widget.people.item(i).text() and "host" not in card_widget.people.item(i).text()]


def test_cards_show_every_table(window):
    """One card per table with its people, seats and the rules status in words."""
    _w, panel = window
    view = panel.plan_view
    assert len(view.cards) == len(view.view.tables) > 3
    assert "all hard rules met" in view.summary.text()
    assert "alone with their group" in view.summary.text()  # origin and religion are "don't isolate"
    card = next(iter(view.cards.values()))
    assert card.people.count() >= 6
    assert "seats" in card.facts.text()


def test_summary_compares_the_plan_with_chance(window):
    """Under the summary the screen says what a random seating would give (here, with
    "don't isolate" dimensions: how many people it would leave alone) and names the least
    mixed table."""
    _w, panel = window
    view = panel.plan_view
    text = view.quality.text()
    assert view.quality.isVisible() and view.quality.accessibleName() == "Plan quality"
    assert "A random seating would reach" in text and "would sit alone with their group" in text
    assert f"Least mixed table: {view.view.least_mixed_table} " in text
    assert view.view.random_isolated > 10


def test_drag_and_drop_moves_and_undo_restores(window):
    """Dropping a guest on another table's empty area moves them; Undo moves them back."""
    w, panel = window
    view = panel.plan_view
    cards = list(view.cards.values())
    src, dst = cards[0], cards[1]
    person = guests(src)[0].data(Qt.ItemDataRole.UserRole)
    drop(dst.people, [person])  # (how fast: benchmarks/tables_screen.py)
    assert seat_of(w.ctx, person) == dst.table_id
    assert any(dst.people.item(i).data(Qt.ItemDataRole.UserRole) == person for i in range(dst.people.count()))
    w.ctx.undo_stack.undo()
    panel.refresh()
    assert seat_of(w.ctx, person) == src.table_id


def test_shift_drop_on_a_person_swaps(window):
    """Dropping one person on another with Shift held swaps their tables."""
    w, panel = window
    cards = list(panel.plan_view.cards.values())
    a_item = guests(cards[0])[0]
    b_item = guests(cards[2])[0]
    a, b = a_item.data(Qt.ItemDataRole.UserRole), b_item.data(Qt.ItemDataRole.UserRole)
    drop(cards[2].people, [a], row=cards[2].people.row(b_item), shift=True)
    assert seat_of(w.ctx, a) == cards[2].table_id
    assert seat_of(w.ctx, b) == cards[0].table_id


def test_moving_the_facilitator_warns_in_words(window):
    """A table left without its facilitator shows a warning sentence, not only a colour."""
    _w, panel = window
    cards = list(panel.plan_view.cards.values())
    fac = next(cards[0].people.item(i) for i in range(cards[0].people.count())
               if "facilitator" in cards[0].people.item(i).text())
    drop(cards[1].people, [fac.data(Qt.ItemDataRole.UserRole)])
    assert "facilitator" in cards[0].warnings.text()
    assert "⚠" in cards[0].warnings.text()
    assert "broken rule" in panel.plan_view.summary.text()


def test_keyboard_move_lock_and_swap(window, monkeypatch, qtbot):
    """Select a person, Ctrl+M and Enter in the dialog move them to the chosen table; Ctrl+L locks."""
    w, panel = window
    view = panel.plan_view
    cards = list(view.cards.values())
    item = guests(cards[0])[0]
    person = item.data(Qt.ItemDataRole.UserRole)
    cards[0].people.setFocus()
    item.setSelected(True)
    qtbot.keyClick(cards[0].people, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dlg = view.move_dialog
    # the first table the dialog offers (a free seat; full tables and their own are greyed out)
    row = next(i for i in range(dlg.tables.count()) if dlg.tables.item(i).flags() & Qt.ItemFlag.ItemIsEnabled)
    table = view.view.tables[row]
    dlg.tables.setCurrentRow(row)
    assert dlg.chosen() == table.id and f"Table {table.number} " in dlg.tables.item(row).text()
    assert table.id != cards[0].table_id
    qtbot.keyClick(dlg.tables, Qt.Key.Key_Return)
    assert seat_of(w.ctx, person) == table.id
    # lock them where they are
    card3 = view.cards[table.id]
    for i in range(card3.people.count()):
        card3.people.item(i).setSelected(card3.people.item(i).data(Qt.ItemDataRole.UserRole) == person)
    card3.people.setFocus()
    qtbot.keyClick(card3.people, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    locked = w.ctx.read(lambda s: s.scalars(select(Assignment.locked).where(Assignment.person_id == person)).one())
    assert locked
    assert any("🔒" in card3.people.item(i).text() for i in range(card3.people.count()))


def test_plan_in_background_keeps_locked(window, qtbot):
    """Planning runs off the GUI thread with progress; locked people stay at their table."""
    w, panel = window
    view = panel.plan_view
    card = next(iter(view.cards.values()))
    item = guests(card)[0]
    item.setSelected(True)
    person = item.data(Qt.ItemDataRole.UserRole)
    view.lock_selected(True)
    panel.plan_seconds = 0.3
    view.plan()
    qtbot.waitUntil(lambda: not view.task.running, timeout=20000)
    assert seat_of(w.ctx, person) == card.table_id
    assert context.REPORTED == []


def test_check_in_by_code_and_unknown_code(window, qtbot):
    """Typing or scanning a code then Enter marks the person present and shows the table large."""
    w, panel = window
    panel.tabs.setCurrentIndex(1)
    ci = panel.checkin
    code, pid = w.ctx.read(lambda s: s.execute(select(Person.code, Person.id).join(Assignment)).first())
    qtbot.keyClicks(ci.code, code.lower())
    qtbot.keyClick(ci.code, Qt.Key.Key_Return)
    assert "table" in ci.result.text() and "✓" in ci.result.text()
    assert w.ctx.read(lambda s: s.get(Person, pid).attendance) == "present"
    before = w.ctx.read(lambda s: s.scalars(select(Person.attendance)).all())
    qtbot.keyClicks(ci.code, "NOPE99")
    qtbot.keyClick(ci.code, Qt.Key.Key_Return)
    assert "✗" in ci.result.text() and "NOPE99" in ci.result.text()
    assert w.ctx.read(lambda s: s.scalars(select(Person.attendance)).all()) == before
    w.ctx.undo_stack.undo()
    assert w.ctx.read(lambda s: s.get(Person, pid).attendance) != "present"


def test_check_in_names_the_later_rounds_tables(window, qtbot):
    """With a second round planned, the door says where a person goes after round 1."""
    w, panel = window
    plan_svc.plan_event(w.ctx.store, round_no=2, seconds=None, iterations=20, seed=1)
    panel.refresh()
    panel.tabs.setCurrentIndex(1)
    ci = panel.checkin

    def tables(round_no):
        return dict(w.ctx.read(lambda s: s.execute(
            select(Person.code, DialogueTable.number).join(Assignment, Assignment.person_id == Person.id)
            .join(DialogueTable, DialogueTable.id == Assignment.table_id)
            .where(Assignment.round == round_no)).all()))

    first, second = tables(1), tables(2)
    code = next(c for c, n in first.items() if second.get(c) not in (None, n))
    qtbot.keyClicks(ci.code, code)
    qtbot.keyClick(ci.code, Qt.Key.Key_Return)
    assert f"table {first[code]} (then {second[code]})" in ci.result.text()


def test_walk_in_and_rebalance(window, qtbot, monkeypatch):
    """A walk-in is added in seconds; closing check-in proposes moves that never move seated people."""
    w, panel = window
    panel.tabs.setCurrentIndex(1)
    ci = panel.checkin
    qtbot.keyClicks(ci.walk_first, "Walker")
    qtbot.keyClick(ci.walk_first, Qt.Key.Key_Return)
    assert "Walker" in ci.result.text()
    assert w.ctx.read(lambda s: s.scalars(select(Person).where(Person.first_name == "Walker")).one().walk_in)
    # check in everyone at the first two tables, then close check-in
    view = w.ctx.read(lambda s: __import__("dialogue_app.services.seating", fromlist=["x"]).seating(s))
    seated = set()
    for card in view.tables[:2]:
        for p in card.people:
            ci.code.setText(p.code)
            ci.check_in_code()
            seated.add(p.id)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    shown = {}

    def fake_exec(dlg):
        shown["moves"] = list(dlg.proposal.moves)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(checkin_view.RebalanceDialog, "exec", fake_exec)
    ci.close_check_in()
    assert "moves" in shown
    assert not {m.person_id for m in shown["moves"]} & seated
    for pid in seated:
        assert w.ctx.read(lambda s, pid=pid: s.get(Person, pid).attendance) == "present"


def test_closing_check_in_rebalances_every_planned_round(window, qtbot, monkeypatch):
    """In a two-round event the people who did not come hold seats in both rounds' plans:
    closing check-in offers the rebalance of round 1, then of round 2, and afterwards
    nobody absent keeps a seat in either."""
    w, panel = window
    plan_svc.plan_event(w.ctx.store, round_no=2, seconds=None, iterations=20, seed=1)
    panel.refresh()
    panel.tabs.setCurrentIndex(1)
    ci = panel.checkin
    codes = w.ctx.read(lambda s: list(s.scalars(select(Person.code).join(Assignment).where(Assignment.round == 1))))
    for code in codes[: len(codes) // 2]:
        ci.code.setText(code)
        ci.check_in_code()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    titles = []

    def fake_exec(dlg):
        titles.append(dlg.windowTitle())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(checkin_view.RebalanceDialog, "exec", fake_exec)
    ci.close_check_in()
    assert titles == ["Rebalance the tables of round 1", "Rebalance the tables of round 2"]
    absent_seats = w.ctx.read(lambda s: s.scalars(
        select(Assignment.round).join(Person).where(Person.attendance == "absent")).all())
    assert absent_seats == []
    assert context.REPORTED == []


def test_undo_plan_puts_the_previous_plan_back(window, qtbot):
    """A plan made by mistake (Ctrl+P) is one Edit ▸ Undo away from the hand-made plan
    before it; Redo brings the new plan back; the hand edits stay undoable below it."""
    w, panel = window
    view = panel.plan_view

    def seats():
        return w.ctx.read(lambda s: dict(s.execute(select(Assignment.person_id, Assignment.table_id)
                                                   .where(Assignment.round == 1)).all()))

    card_a, card_b = list(view.cards.values())[:2]
    moved = guests(card_a)[0].data(Qt.ItemDataRole.UserRole)
    drop(card_b.people, [moved])
    hand = seats()
    assert hand[moved] == card_b.table_id
    panel.plan_seconds = 0.3
    view.plan()
    qtbot.waitUntil(lambda: not view.task.running, timeout=20000)
    planned = seats()
    assert planned != hand
    assert w.ctx.undo_stack.undoText() == "Plan round 1"
    w.ctx.undo_stack.undo()
    assert seats() == hand
    w.ctx.undo_stack.redo()
    assert seats() == planned
    w.ctx.undo_stack.undo()
    w.ctx.undo_stack.undo()  # the hand move before the plan
    assert seats()[moved] == card_a.table_id
    assert context.REPORTED == []


def test_long_dimension_names_are_written_out_not_cut(qtbot):
    """A dimension name wider than half a card ("Religie of levensbeschouwing") gets a
    line of its own above its bar instead of being cut off; short names stay on one line."""
    from dialogue_app.ui.tables_panel import CompositionBar

    long = plan_svc.Composition("Religie of levensbeschouwing en nog wat meer", "religion", False, {"a": 2, "b": 3}, 0.48)
    short = plan_svc.Composition("Wijk", "district", False, {"a": 2, "b": 3}, 0.48)
    wide = CompositionBar(long, label_width=400)
    narrow = CompositionBar(short, label_width=120)
    qtbot.addWidget(wide)
    qtbot.addWidget(narrow)
    assert wide.two_lines and wide.height() == 2 * narrow.height()
    assert not narrow.two_lines
    assert wide.fontMetrics().horizontalAdvance(long.dimension) <= wide.width()
    wide.grab()  # paints both lines without error


def test_planning_again_goes_on_and_keeps_the_better_plan(window, qtbot, monkeypatch):
    """Each press of Plan tables uses a new seed and asks to go on from the stored plan and
    keep the better one; when the stored plan stays, the status bar says so (and there is
    nothing to undo)."""
    from dialogue_app.services import seating

    w, panel = window
    view = panel.plan_view
    calls, messages = [], []
    real = seating.plan_with_undo

    def spy(store, rn, label, **kwargs):
        calls.append(kwargs)
        return real(store, rn, label, **kwargs)

    monkeypatch.setattr(seating, "plan_with_undo", spy)
    w.ctx.status_message.connect(messages.append)
    panel.plan_seconds = 2.0
    view.plan()
    qtbot.waitUntil(lambda: not view.task.running, timeout=30000)
    # with everybody locked at their table no search can beat the stored plan (a short
    # one could on a loaded machine, where the first plan's polish was cut short)
    with w.ctx.store.session() as s:
        ids = list(s.scalars(select(Assignment.person_id).where(Assignment.round == 1)))
        seating.lock_edit(s, ids, True, 1).apply(s)
    panel.plan_seconds = 0.01
    undo_before = w.ctx.undo_stack.count()
    view.plan()
    qtbot.waitUntil(lambda: not view.task.running, timeout=30000)
    assert all(c["keep_better"] for c in calls) and calls[0]["seed"] != calls[1]["seed"]
    assert messages[-1].startswith("No better plan found")
    assert w.ctx.undo_stack.count() == undo_before
    assert context.REPORTED == []


def test_round_two_says_who_sat_together_before(window):
    """With a second round planned (from the command line) the Round box offers round 2,
    and its summary counts the pairs who already sat together in round 1, as the planner
    does; each such table's card names them."""
    w, panel = window
    reports = plan_svc.plan_event(w.ctx.store, round_no=2, seconds=None, iterations=20, seed=3)
    panel.refresh()
    view = panel.plan_view
    assert view.round.count() == 2
    assert "earlier round" not in view.summary.text()  # round 1
    view.round.setCurrentIndex(1)
    n = reports[0].repeated_pairs
    expected = ("nobody sits with someone from an earlier round" if n == 0
                else f"{n} pair{'s' if n != 1 else ''} sat together in an earlier round")
    assert expected in view.summary.text()
    assert ("share a “don't isolate” group" in view.summary.text()) == (reports[0].repeated_same_group > 0)
    named = [c for c in view.cards.values() if any("earlier round" in x for x in c.card.warnings)]
    assert bool(named) == (n > 0)
    assert all("earlier round" in c.warnings.text() for c in named)
    assert context.REPORTED == []


def test_impossible_plan_shows_its_reasons_in_the_message(window, qtbot):
    """When the rules cannot be met, Plan tables stores nothing and the message itself
    (not only "Show Details…") says which rule and which people make it impossible; a long
    list shows its first reasons and says how many more the details hold."""
    from dialogue_app.errors import DialogueError
    from dialogue_app.models import DialogueTable
    from dialogue_app.ui.context import SHOWN_DETAILS, error_box

    w, panel = window
    view = panel.plan_view
    with w.ctx.store.session() as s:
        for t in s.scalars(select(DialogueTable)):
            t.accessible = False
        guest = s.scalars(select(Person).where(Person.attendance == "registered").order_by(Person.code)).first()
        guest.wheelchair = True
        before = sorted((a.person_id, a.table_id) for a in s.scalars(select(Assignment)))
    panel.plan_seconds = 0.2
    view.plan()
    qtbot.waitUntil(lambda: not view.task.running, timeout=30000)
    assert len(context.REPORTED) == 1
    box = error_box(context.REPORTED[0])
    assert box.text().startswith("The rules cannot all be met")
    assert "Wheelchair users need" in box.informativeText() and "accessible tables" in box.informativeText()
    with w.ctx.store.session() as s:
        assert sorted((a.person_id, a.table_id) for a in s.scalars(select(Assignment))) == before
    many = DialogueError("Problem", details=[f"reason {k}" for k in range(SHOWN_DETAILS + 4)])
    box = error_box(many)
    assert box.informativeText().splitlines()[-1] == "… and 4 more in the details"
    assert "reason 11" in box.detailedText() and "reason 11" not in box.informativeText()
    context.REPORTED.clear()


def test_a_round_not_planned_yet_says_so(window):
    """A round with nobody seated yet says it is not planned and how to plan it, instead of
    scores and "broken rules" for empty tables."""
    from dialogue_app.services import events

    w, panel = window
    with w.ctx.store.session() as s:
        events.current_event(s).rounds = 2
    panel.refresh()
    view = panel.plan_view
    view.round.setCurrentIndex(1)
    text = view.summary.text()
    assert text.startswith("Round 2 is not planned yet:") and "Plan tables (Ctrl+P)" in text
    assert "broken" not in text and "✓" not in text and not view.quality.isVisible()
    view.round.setCurrentIndex(0)
    assert "all hard rules met" in view.summary.text()


def test_planning_before_facilitators_are_assigned(window, qtbot):
    """With nobody a facilitator yet, Plan tables refuses while "Each table has a
    facilitator" is ticked (the default) and plans everybody once it is unticked; the
    status bar then says the rule was off. (Nobody here needs a language of their own:
    without facilitators only the tables' languages and interpreters serve that rule.)"""
    from dialogue_app.models import PersonRole

    w, panel = window
    view = panel.plan_view
    box = view.facilitator_rule
    assert box.isChecked() and box.accessibleName() == "Each table has a facilitator"
    with w.ctx.store.session() as s:
        for r in s.scalars(select(PersonRole).where(PersonRole.role == "facilitator")):
            s.delete(r)
        for p in s.scalars(select(Person)):
            p.languages = ""
    messages: list[str] = []
    w.ctx.status_message.connect(messages.append)
    panel.plan_seconds = 0.2
    view.plan()
    qtbot.waitUntil(lambda: not view.task.running, timeout=30000)
    assert len(context.REPORTED) == 1 and isinstance(context.REPORTED[0], plan_svc.PlanInfeasible)
    context.REPORTED.clear()
    box.setChecked(False)
    view.plan()
    qtbot.waitUntil(lambda: not view.task.running, timeout=30000)
    assert context.REPORTED == []
    assert messages[-1].endswith("The rule that each table has a facilitator was off for this plan.")
    panel.refresh()
    assert view.unseated.count() == 0 and view.cards  # everybody has a table
