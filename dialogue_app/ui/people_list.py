"""The people of one table as a list you drag people out of and drop people into.

Dropping moves the dragged people to the list's table, wherever on the list they land
(also on a name). Holding Shift while dropping one person on another swaps the two. While
dragging, the table under the cursor says in words what a drop would do (see
``table_card.TableCardWidget.show_drop``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QWidget

MIME = "application/x-dialogue-people"


@dataclass(frozen=True)
class DropAim:
    """What a drop at the cursor would do: move ``ids`` to ``table_id``, or, with ``swap``
    and ``on_person``, swap the one dragged person with ``on_person``."""

    ids: tuple[uuid.UUID, ...]
    table_id: uuid.UUID | None
    on_person: uuid.UUID | None = None
    swap: bool = False


def dragged_ids(mime: QMimeData) -> tuple[uuid.UUID, ...]:
    """The people a drag carries (none when it carries something else)."""
    if not mime.hasFormat(MIME):
        return ()
    out = []
    for x in bytes(mime.data(MIME).data()).decode(errors="replace").split(","):
        try:
            out.append(uuid.UUID(x))
        except ValueError:
            continue
    return tuple(out)


def wants_swap(event) -> bool:
    """Shift held while dragging or dropping: swap instead of move."""
    return bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)


class PeopleList(QListWidget):
    """The people of one table (``table_id`` None: the people without a table)."""

    #: a drop: what it does (DropAim)
    dropped = Signal(object)
    #: the cursor moved over the list while dragging people (DropAim), or left it (None)
    aiming = Signal(object)

    def __init__(self, table_id: uuid.UUID | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_id = table_id
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        # the table card shows where a drop lands (highlight and words), not a line between rows
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def selected_ids(self) -> list[uuid.UUID]:
        return [it.data(Qt.ItemDataRole.UserRole) for it in self.selectedItems()]

    def mimeData(self, items) -> QMimeData:
        data = QMimeData()
        data.setData(MIME, ",".join(str(it.data(Qt.ItemDataRole.UserRole)) for it in items).encode())
        return data

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def aim(self, event) -> DropAim | None:
        """What dropping here (the event's position and modifiers) would do."""
        ids = dragged_ids(event.mimeData())
        if not ids:
            return None
        on_person = None
        swap = wants_swap(event)
        if swap and len(ids) == 1:
            item = self.itemAt(event.position().toPoint())
            pid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            on_person = pid if pid != ids[0] else None
        return DropAim(ids, self.table_id, on_person, swap)

    def dragEnterEvent(self, event) -> None:
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event) -> None:
        aim = self.aim(event)
        if aim is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.aiming.emit(aim)

    def dragLeaveEvent(self, event) -> None:
        self.aiming.emit(None)
        event.accept()

    def dropEvent(self, event) -> None:
        aim = self.aim(event)
        self.aiming.emit(None)
        if aim is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # the model moves people, not the list widget
        event.accept()
        self.dropped.emit(aim)

    def startDrag(self, actions) -> None:
        items = self.selectedItems()
        if not items:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData(items))
        drag.exec(Qt.DropAction.CopyAction | Qt.DropAction.MoveAction)
