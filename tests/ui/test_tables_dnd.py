"""The Tables screen as an organiser uses it: drag and drop (sent as the drag events the
widgets really handle) moves people, Shift swaps, a full table refuses; Move to table…
names the person and the free seats; seats add up; warnings name people; an empty event
shows no ✓."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete, select

from dialogue_app.errors import UserInputError
from dialogue_app.models import Assignment, Person
from dialogue_app.services import planning as plan_svc
from dialogue_app.services import tables as tables_svc
from dialogue_app.services.seating import words as seating_view
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow
from dialogue_app.ui.people_list import MIME


@pytest.fixture
def tables(window):
    """The Tables screen of the demo (planned), shown at 1366×768."""
    plan_svc.plan_event(window.ctx.store, seconds=None, iterations=20, seed=4)
    panel = window.show_area("tables")
    panel.refresh()
    return panel.plan_view


def seat_of(ctx, person_id):
    return ctx.read(lambda s: s.scalars(select(Assignment.table_id).where(Assignment.person_id == person_id)).first())


def guests(card):
    """The card's rows of guests (not the facilitator, not the host)."""
    return [card.people.item(i) for i in range(card.people.count())
            if "(facilitator" not in card.people.item(i).text() and "host" not in card.people.item(i).text()]


def pid(item):
    return item.data(Qt.ItemDataRole.UserRole)


def drag(target, ids, pos: QPoint, shift: bool = False, drop: bool = True) -> None:
    """Drag people over ``target`` (a card, or a list's viewport) to ``pos`` and drop them
    there, as Qt delivers a drag: enter, move, drop."""
    data = QMimeData()
    data.setData(MIME, ",".join(str(i) for i in ids).encode())
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    QApplication.sendEvent(target, QDragEnterEvent(pos, actions, data, Qt.MouseButton.LeftButton, mods))
    QApplication.sendEvent(target, QDragMoveEvent(pos, actions, data, Qt.MouseButton.LeftButton, mods))
    if drop:
        QApplication.sendEvent(target, QDropEvent(QPointF(pos), actions, data, Qt.MouseButton.LeftButton, mods))


def on_name(card, item) -> QPoint:
    return card.people.visualItemRect(item).center()


def room_for(view, n=1):
    """Two tables: one with a guest to move, another with at least ``n`` free seats."""
    cards = [view.cards[c.id] for c in view.view.tables]
    free = {c.id: c.capacity_max - sum(1 for p in c.people if seating_view.takes_a_seat(p)) for c in view.view.tables}
    dst = next(c for c in cards if free[c.table_id] >= n)
    src = next(c for c in cards if c is not dst and guests(c))
    return src, dst


def test_dropping_on_a_name_moves(window, tables):
    """Dropping a guest on a name at another table moves that guest: the person dropped on
    stays where they are (no swap); Undo moves the guest back."""
    view = tables
    src, dst = room_for(view)
    person = pid(guests(src)[0])
    stays = pid(guests(dst)[0])
    drag(dst.people.viewport(), [person], on_name(dst, guests(dst)[0]))
    assert seat_of(window.ctx, person) == dst.table_id
    assert seat_of(window.ctx, stays) == dst.table_id
    window.ctx.undo_stack.undo()
    assert seat_of(window.ctx, person) == src.table_id
    assert context.REPORTED == []


def test_dragging_shows_where_a_drop_lands(window, tables):
    """While dragging over a table, its card is highlighted and says in words where the
    person goes; after the drop the indicator is gone."""
    view = tables
    src, dst = room_for(view)
    person = pid(guests(src)[0])
    name = next(p.name for p in src.card.people if p.id == person)
    drag(dst.people.viewport(), [person], on_name(dst, guests(dst)[0]), drop=False)
    assert dst.drop_text.startswith("▼ Drop to move " + name) and f"to table {dst.card.number}" in dst.drop_text
    assert "#1f5fbf" in dst.styleSheet()  # highlighted, as well as the words
    drag(dst.people.viewport(), [person], on_name(dst, guests(dst)[0]))
    assert dst.drop_text == "" and dst.styleSheet() == ""


def test_shift_drop_on_a_name_swaps(window, tables):
    """Holding Shift while dropping one person on another swaps the two; the indicator
    says so before the drop."""
    view = tables
    cards = list(view.cards.values())
    a_item, b_item = guests(cards[0])[0], guests(cards[2])[0]
    a, b = pid(a_item), pid(b_item)
    drag(cards[2].people.viewport(), [a], on_name(cards[2], b_item), shift=True, drop=False)
    assert "swap" in cards[2].drop_text
    drag(cards[2].people.viewport(), [a], on_name(cards[2], b_item), shift=True)
    assert seat_of(window.ctx, a) == cards[2].table_id
    assert seat_of(window.ctx, b) == cards[0].table_id


def test_dropping_on_the_card_outside_the_list_moves(window, tables):
    """The whole card is a drop target: dropping on its title moves the person there."""
    view = tables
    src, dst = room_for(view)
    person = pid(guests(src)[0])
    drag(dst, [person], dst.title.geometry().center())
    assert seat_of(window.ctx, person) == dst.table_id


def test_a_full_table_refuses_a_move_with_a_message(window, tables):
    """Dropping a guest on a table with no free seat moves nobody; the indicator says the
    table is full before the drop, and a message says how to swap instead."""
    view = tables
    full = next(view.cards[c.id] for c in view.view.tables
                if sum(1 for p in c.people if seating_view.takes_a_seat(p)) >= c.capacity_max)
    src = next(c for c in view.cards.values() if c is not full and guests(c))
    person = pid(guests(src)[0])
    drag(full.people.viewport(), [person], on_name(full, guests(full)[0]))
    assert seat_of(window.ctx, person) == src.table_id
    assert len(context.REPORTED) == 1 and isinstance(context.REPORTED[0], UserInputError)
    assert str(context.REPORTED[0]).startswith(
        f"Table {full.card.number} is full ({full.card.capacity_max} of {full.card.capacity_max} seats taken)")
    assert "hold Shift" in str(context.REPORTED[0])
    context.REPORTED.clear()
    drag(full.people.viewport(), [person], on_name(full, guests(full)[0]), drop=False)
    assert full.drop_text.startswith(f"✗ Table {full.card.number} is full")


def test_move_dialog_names_the_person_and_free_seats_and_moves_with_enter(window, tables, qtbot):
    """Ctrl+M opens a dialog that names the person and their table and lists every table
    with its free seats and venue; full tables are marked and cannot be chosen; arrow
    keys choose and Enter moves."""
    view = tables
    src, dst = room_for(view)
    item = guests(src)[0]
    person = pid(item)
    src.people.setFocus()
    item.setSelected(True)
    qtbot.keyClick(src.people, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dlg = view.move_dialog
    assert dlg.isVisible()
    name = next(p.name for p in src.card.people if p.id == person)
    assert dlg.heading.text() == f"Move {name} (table {src.card.number}) to…"
    rows = [dlg.tables.item(i) for i in range(dlg.tables.count())]
    assert len(rows) == len(view.view.tables)
    for row, card in zip(rows, view.view.tables, strict=True):
        seats = sum(1 for p in card.people if seating_view.takes_a_seat(p))
        text = row.text()
        assert text.startswith(f"Table {card.number}") and card.venue in text
        if card.id == src.table_id:
            assert "current table" in text and not row.flags() & Qt.ItemFlag.ItemIsEnabled
        elif seats >= card.capacity_max:
            assert f"full ({seats} of {card.capacity_max} seats)" in text
            assert not row.flags() & Qt.ItemFlag.ItemIsEnabled
        else:
            free = card.capacity_max - seats
            assert f"{free} free seat" in text and row.flags() & Qt.ItemFlag.ItemIsEnabled
    target = next(r for r in rows if pid(r) == dst.table_id)
    dlg.tables.setCurrentRow(0)
    while dlg.tables.currentItem() is not target:
        qtbot.keyClick(dlg.tables, Qt.Key.Key_Down)
    qtbot.keyClick(dlg.tables, Qt.Key.Key_Return)
    assert not dlg.isVisible()
    assert seat_of(window.ctx, person) == dst.table_id
    assert context.REPORTED == []


def test_seats_add_up_with_the_names_listed(window, tables):
    """A card's "N of M seats" counts exactly the listed people who take a seat; the
    facilitator is added as such, and people not coming are named apart."""
    view = tables
    card = next(iter(view.cards.values()))
    away = guests(card)[0]
    with window.ctx.store.session() as s:
        s.get(Person, pid(away)).attendance = "absent"
    view.reload()
    for c in view.cards.values():
        people = c.card.people
        facs = [p for p in people if p.is_facilitator]
        gone = [p for p in people if p.attendance not in ("registered", "present")]
        seated = len(people) - len(facs) - len(gone)
        lines = c.facts.text().splitlines()
        seats = next(line for line in lines if " seats (minimum" in line)
        assert seats.startswith(f"{seated} of {c.card.capacity_max} seats")
        assert (f"+ {len(facs)} facilitator" in seats) == bool(facs)
        if gone:
            assert any(line.startswith("Not coming, no seat") and gone[0].name in line for line in lines)
    assert any(p.attendance == "absent" for p in card.card.people)


def test_warnings_name_the_people_and_tables(window, tables):
    """A guest moved away from their host is named on both tables with the host and both
    table numbers; people alone with their group are named."""
    view = tables
    host_of = window.ctx.read(lambda s: {p.id: p.invited_by_id for p in s.scalars(select(Person))
                                         if p.invited_by_id is not None})
    cards = list(view.cards.values())
    guest_card = next(c for c in cards if any(p.id in host_of for p in c.card.people))
    guest = next(p for p in guest_card.card.people if p.id in host_of)
    host = next(p for c in cards for p in c.card.people if p.id == host_of[guest.id])
    other = next(c for c in cards if c is not guest_card
                 and sum(1 for p in c.card.people if seating_view.takes_a_seat(p)) < c.card.capacity_max)
    drag(other, [guest.id], other.title.geometry().center())
    expected = (f"{guest.name} (table {other.card.number}) is not at the table of their host {host.name} "
                f"(table {guest_card.card.number})")
    assert expected in other.warnings.text() and expected in guest_card.warnings.text()
    alone = [w for c in view.view.tables for w in c.warnings if "the only one of their group" in w]
    names = {p.name for c in view.view.tables for p in c.people}
    assert alone and all(w.split(" is the only")[0].split(" are each")[0].split(" and ")[0] in names
                         for w in alone)
    assert not any(w[0].isdigit() for w in alone)


def test_an_event_without_people_shows_no_tick(qtbot, new_event, tmp_path):
    """An event with tables but nobody to seat shows no ✓ anywhere on the Tables screen:
    the summary says what is missing and each card says nobody sits there."""
    path = new_event.path if hasattr(new_event, "path") else tmp_path / "event.dialogue"
    with new_event.session() as s:
        tables_svc.add_tables(s, 3)
    new_event.close()
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    assert win.open_path(path)
    panel = win.show_area("tables")
    panel.refresh()
    view = panel.plan_view
    texts = [view.summary.text(), view.quality.text()] + [c.warnings.text() + c.facts.text()
                                                          for c in view.cards.values()]
    assert len(view.cards) == 3
    assert not any("✓" in t for t in texts)
    assert view.summary.text().startswith("Nobody is seated yet") and "Plan tables (Ctrl+P)" in view.summary.text()
    assert all(c.warnings.text() == "Nobody sits at this table yet." for c in view.cards.values())
    ctx.close_event()


def test_a_plan_with_nobody_seated_shows_no_tick(window):
    """People but no seats (the plan cleared): no ✓ on any card or the summary, which says
    how to plan."""
    with window.ctx.store.session() as s:
        s.execute(delete(Assignment))
    panel = window.show_area("tables")
    panel.refresh()
    view = panel.plan_view
    assert "Plan tables (Ctrl+P)" in view.summary.text()
    assert not any("✓" in t for t in [view.summary.text(), view.quality.text()]
                   + [c.warnings.text() for c in view.cards.values()])


def test_swap_with_one_person_selected_asks_with_whom(window, tables, qtbot):
    """With one person selected, Ctrl+Shift+W (or the context menu's Swap with…) lists the
    people at the other tables; typing a name jumps to them and Enter swaps the two."""
    view = tables
    cards = list(view.cards.values())
    a_item, b_item = guests(cards[0])[0], guests(cards[2])[0]
    a, b = pid(a_item), pid(b_item)
    b_name = next(p.name for p in cards[2].card.people if p.id == b)
    cards[0].people.setFocus()
    a_item.setSelected(True)
    qtbot.keyClick(cards[0].people, Qt.Key.Key_W,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dlg = view.swap_dialog
    assert dlg.isVisible() and dlg.heading.text().startswith("Swap ") and dlg.heading.text().endswith(" with…")
    rows = [dlg.people.item(i).text() for i in range(dlg.people.count())]
    assert f"{b_name} (table {cards[2].card.number})" in rows
    assert not any(r.endswith(f"(table {cards[0].card.number})") for r in rows)
    dlg.people.setCurrentRow(rows.index(f"{b_name} (table {cards[2].card.number})"))
    qtbot.keyClick(dlg.people, Qt.Key.Key_Return)
    assert seat_of(window.ctx, a) == cards[2].table_id
    assert seat_of(window.ctx, b) == cards[0].table_id
    # the context menu offers both ways
    card = view.cards[cards[2].table_id]
    item = next(card.people.item(i) for i in range(card.people.count()) if pid(card.people.item(i)) == a)
    view.person_menu(card.people, card.people.visualItemRect(item).center())
    assert [x.text().split("\t")[0] for x in view.menu.actions()] == ["&Move to table…", "S&wap with…"]
    view.menu.close()
    assert context.REPORTED == []
