"""Move to table…: names who is moved and lists the round's tables with their free
seats and venue; full tables (and the person's own) are marked and cannot be chosen.
Arrow keys choose, Enter moves."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services.seating import words as seating_view
from dialogue_app.services.seating.words import TableChoice


def choice_text(c: TableChoice) -> str:
    """"Table 5 · Bibliotheek Zuid · 2 free seats" (full tables say so in words)."""
    parts = [_("Table {number}").format(number=c.number) + (f" — {c.name}" if c.name else "")]
    if c.venue:
        parts.append(c.venue)
    if c.current:
        parts.append(_("current table"))
    elif c.full:
        parts.append(_("full ({seats} of {max} seats)").format(seats=c.capacity - c.free, max=c.capacity))
    else:
        parts.append(ngettext("{n} free seat", "{n} free seats", c.free).format(n=c.free))
    return " · ".join(parts)


class MoveDialog(QDialog):
    """Choose the table to move the selected people to."""

    def __init__(self, view, person_ids: list[uuid.UUID], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_ids = list(person_ids)
        self.setWindowTitle(_("Move to table"))
        lay = QVBoxLayout(self)
        self.heading = QLabel(_("Move {who} to…").format(who=seating_view.who_text(view, person_ids)))
        self.heading.setWordWrap(True)
        self.tables = QListWidget()
        self.tables.setAccessibleName(_("Tables with their free seats"))
        self.heading.setBuddy(self.tables)
        self.choices = seating_view.table_choices(view, person_ids)
        first = None
        for c in self.choices:
            item = QListWidgetItem(choice_text(c))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            if c.full or c.current:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            elif first is None:
                first = item
            self.tables.addItem(item)
        self.note = QLabel()
        self.note.setWordWrap(True)
        if first is None:
            self.note.setText(_("No table has a free seat for them. To swap two people, select both and "
                                "press Swap (Ctrl+Shift+W)."))
        else:
            self.tables.setCurrentItem(first)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button = self.buttons.addButton(_("&Move"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.move_button.setEnabled(first is not None)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.tables.itemDoubleClicked.connect(lambda _item: self.accept())
        lay.addWidget(self.heading)
        lay.addWidget(self.tables, 1)
        lay.addWidget(self.note)
        lay.addWidget(self.buttons)
        rows = min(len(self.choices), 14)
        self.tables.setMinimumHeight(rows * (self.tables.fontMetrics().height() + 4) + 8)
        self.tables.setMinimumWidth(self.tables.sizeHintForColumn(0) + 40)
        self.tables.setFocus()

    def chosen(self) -> uuid.UUID | None:
        """The table chosen (None: none that can take them)."""
        item = self.tables.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def keyPressEvent(self, event) -> None:
        # Enter moves (the button box would otherwise make Cancel the default button)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        if self.chosen() is None:
            return
        super().accept()


class SwapDialog(QDialog):
    """Swap with…: everyone at another table, by table; type a name to jump, Enter swaps."""

    def __init__(self, view, person_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Swap with"))
        lay = QVBoxLayout(self)
        self.heading = QLabel(_("Swap {who} with…").format(who=seating_view.who_text(view, [person_id])))
        self.heading.setWordWrap(True)
        self.people = QListWidget()
        self.people.setAccessibleName(_("People at the other tables"))
        self.heading.setBuddy(self.people)
        me = seating_view.people_by_id(view, [person_id])
        mine = me[0].table if me else None
        for card in view.tables:
            if card.number == mine:
                continue
            for p in card.people:
                item = QListWidgetItem(_("{name} (table {number})").format(name=p.name, number=card.number))
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                self.people.addItem(item)
        if self.people.count():
            self.people.setCurrentRow(0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.swap_button = self.buttons.addButton(_("S&wap"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.swap_button.setDefault(True)
        self.swap_button.setEnabled(self.people.count() > 0)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.people.itemDoubleClicked.connect(lambda _item: self.accept())
        lay.addWidget(self.heading)
        lay.addWidget(self.people, 1)
        lay.addWidget(self.buttons)
        self.people.setMinimumHeight(14 * (self.people.fontMetrics().height() + 4))
        self.people.setMinimumWidth(self.people.sizeHintForColumn(0) + 40)
        self.people.setFocus()

    def chosen(self) -> uuid.UUID | None:
        item = self.people.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        if self.chosen() is None:
            return
        super().accept()
