"""One read-only table model over a list of rows (frozen dataclasses), described by columns.

A column says its header (a message id, translated when shown), the text of a cell, and
optionally the value the view sorts by (``EditRole``, for a proxy with that sort role) and the
tooltip. ``UserRole`` returns the row itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from dialogue_app.i18n import gettext as _

R = TypeVar("R")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: ``header`` is a message id (mark it with ``N_``)."""

    header: str
    text: Callable[[R], Any]
    sort: Callable[[R], Any] | None = None
    tooltip: Callable[[R], Any] | None = None


class RowsModel(QAbstractTableModel, Generic[R]):
    """The rows as they are, one column per :class:`Column`; ``set_rows`` replaces them all."""

    def __init__(self, columns: Sequence[Column[R]], parent=None) -> None:
        super().__init__(parent)
        self.columns: tuple[Column[R], ...] = tuple(columns)
        self.rows: list[R] = []

    def headers(self) -> list[str]:
        return [_(c.header) for c in self.columns]

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return r
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(r) if col.tooltip is not None else None
        if role == Qt.ItemDataRole.EditRole and col.sort is not None:
            return col.sort(r)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return col.text(r)
        return None
