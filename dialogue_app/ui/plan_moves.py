"""Moving people on the Tables screen: what a drop would do (in words), drop to move or
Shift-drop to swap, Move to table… and Swap with… (dialogs), and the people lists'
right-click menu. A mixin of ``tables_panel.PlanView``, which has ``ctx``, ``view``
(the round's ``seating.Seating``), ``cards``, ``unseated``, ``round_no``,
``selected_ids()`` and ``_apply(edit)``."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.services import seating
from dialogue_app.services.seating import words as seating_view
from dialogue_app.ui.move_dialog import MoveDialog, SwapDialog
from dialogue_app.ui.people_list import DropAim, PeopleList

if TYPE_CHECKING:
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.table_card import TableCardWidget

    _MixinBase = QWidget  # mixed into a QWidget (tables_panel.PlanView)
else:
    _MixinBase = object


class PlanMoves(_MixinBase):
    """Hand moves of the plan view (see the module's docstring)."""

    if TYPE_CHECKING:  # what tables_panel.PlanView provides
        ctx: AppContext
        view: seating.Seating
        state: seating.SeatingState | None
        cards: dict[uuid.UUID, TableCardWidget]
        unseated: PeopleList

        @property
        def round_no(self) -> int: ...
        def selected_ids(self) -> list[uuid.UUID]: ...
        def _apply(self, edit: seating.SetSeats) -> None: ...

    def drop_hint(self, aim: DropAim) -> tuple[str, bool]:
        """What dropping ``aim`` would do, in words, and whether it can be done."""
        view = self.view
        if aim.swap and aim.on_person is not None:
            other = seating_view.who_text(view, [aim.on_person])
            return _("Drop to swap {who} with {other}").format(
                who=seating_view.who_text(view, list(aim.ids)), other=other), True
        card = next((c for c in view.tables if c.id == aim.table_id), None)
        if card is None:
            return "", True
        here = {p.id for p in card.people}
        if all(pid in here for pid in aim.ids):
            return _("Already at table {number}").format(number=card.number), False
        problem = seating_view.room_problem(view, list(aim.ids), aim.table_id)
        if problem is not None:
            return problem, False
        text = _("Drop to move {who} to table {number}").format(
            who=seating_view.who_text(view, list(aim.ids)), number=card.number)
        if len(aim.ids) == 1:
            text += " " + _("(hold Shift and drop on a person to swap)")
        return text, True

    def on_drop(self, aim: DropAim) -> None:
        """A drop: move to the table (refused with a message at a full table), or with Shift
        on a person, swap."""
        rn = self.round_no
        ids = list(aim.ids)
        if not (aim.swap and aim.on_person is not None and len(ids) == 1):
            self._move(ids, aim.table_id)
            return
        other = aim.on_person
        edit = self.ctx.try_read(lambda s: seating.swap_edit(s, ids[0], other, rn))
        if edit is not None:
            self._apply(edit)

    def _move(self, ids: list[uuid.UUID], table_id: uuid.UUID | None) -> None:
        """Move people to a table, unless it has too few free seats (then say so)."""
        problem = seating_view.room_problem(self.view, ids, table_id)
        if problem is not None:
            self.ctx.status_message.emit(problem)
            self.ctx.report_error(UserInputError(problem))
            return
        rn = self.round_no
        edit = self.ctx.try_read(lambda s: seating.move_edit(s, ids, table_id, rn))
        if edit is not None:
            self._apply(edit)

    def move_to_table(self) -> None:
        """Move to table…: a dialog naming the person and the tables with free seats."""
        ids = self.selected_ids()
        if not ids or self.state is None:
            self.ctx.status_message.emit(_("Select one or more people first."))
            return
        self.move_dialog = dlg = MoveDialog(self.view, ids, self)
        dlg.accepted.connect(lambda: self._move(ids, dlg.chosen()))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()

    def swap_selected(self) -> None:
        """Swap two selected people; with one selected, Swap with… asks with whom."""
        ids = self.selected_ids()
        if len(ids) == 1 and self.state is not None:
            self.swap_dialog = dlg = SwapDialog(self.view, ids[0], self)
            dlg.accepted.connect(lambda: self._swap(ids[0], dlg.chosen()))
            dlg.finished.connect(dlg.deleteLater)
            dlg.open()
            return
        if len(ids) != 2:
            self.ctx.status_message.emit(_("Select exactly two people to swap."))
            return
        self._swap(ids[0], ids[1])

    def _swap(self, a: uuid.UUID, b: uuid.UUID | None) -> None:
        if b is None or a == b:
            return
        rn = self.round_no
        edit = self.ctx.try_read(lambda s: seating.swap_edit(s, a, b, rn))
        if edit is not None:
            self._apply(edit)

    def person_menu(self, people: PeopleList, pos) -> None:
        """Right-click on a person: Move to table… and Swap with…"""
        item = people.itemAt(pos)
        if item is None:
            return
        if not item.isSelected():
            for w in [c.people for c in self.cards.values()] + [self.unseated]:
                w.clearSelection()
            item.setSelected(True)
        menu = QMenu(people)
        menu.addAction(_("&Move to table…") + "\tCtrl+M", self.move_to_table)
        menu.addAction(_("S&wap with…") + "\tCtrl+Shift+W", self.swap_selected)
        menu.popup(people.viewport().mapToGlobal(pos))
        self.menu = menu

    def _add_menu(self, people: PeopleList) -> None:
        people.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        people.customContextMenuRequested.connect(lambda pos, people=people: self.person_menu(people, pos))
