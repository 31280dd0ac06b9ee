"""The privacy page's small parts: a read-only rows model, its table view, labels, buttons, times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
)

from dialogue_app import i18n

ALL_AREAS = {"event", "people", "tables", "facilitation", "commitments", "surveys", "reports", "training", "privacy"}


class RowsModel(QAbstractTableModel):
    """A read-only table over rows of display strings; the row's key in UserRole."""

    def __init__(self, headers: Sequence[str], parent=None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple] = []
        self.keys: list[object] = []

    def set_rows(self, rows: Sequence[tuple], keys: Sequence[object] | None = None) -> None:
        self.beginResetModel()
        self.rows = [tuple(r) for r in rows]
        self.keys = list(keys) if keys is not None else [None] * len(self.rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return str(self.rows[index.row()][index.column()])
        if role == Qt.ItemDataRole.UserRole:
            return self.keys[index.row()]
        return None


def _table(model: RowsModel, name: str, rows_visible: int = 4) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    rows_h = view.verticalHeader().defaultSectionSize() * rows_visible
    view.setFixedHeight(view.horizontalHeader().sizeHint().height() + rows_h + 2 * view.frameWidth() + 2)
    return view


def _label(text: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def _button(text: str, name: str | None = None) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(name or text.replace("&", ""))
    return b


def _when(value: dt.datetime | None) -> str:
    """A stored UTC time, shown in the computer's local time."""
    if not value:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    return i18n.format_datetime(local, "short")
