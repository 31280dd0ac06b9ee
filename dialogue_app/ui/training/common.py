"""What the Training pages share: labels, a table model of plain rows, a sortable view, formatting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from dialogue_app import i18n
from dialogue_app.i18n import N_

TRACK_LABELS = {"facilitator": N_("Facilitator"), "coordinator": N_("Coordinator")}
KIND_LABELS = {"basic": N_("Basic training"), "practice": N_("Practice evening"),
               "coordinator": N_("Coordinator session"), "other": N_("Other")}
STATUS_LABELS = {"present": N_("present"), "absent": N_("absent"), "excused": N_("excused")}
STATUS_CYCLE = (None, "present", "absent", "excused")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel):
    """Plain rows of texts (precomputed from DTOs) with one key per row."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[tuple[str, ...]] = []
        self.keys: list[object] = []
        self.sort_keys: list[tuple] = []

    def load(self, headers: Sequence[str], rows: Sequence[tuple[str, ...]], keys: Sequence[object],
             sort_keys: Sequence[tuple] | None = None) -> None:
        self.beginResetModel()
        self.headers, self.rows, self.keys = list(headers), list(rows), list(keys)
        self.sort_keys = list(sort_keys) if sort_keys else [tuple(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == SORT_ROLE:
            key = self.sort_keys[index.row()]
            return key[index.column()] if index.column() < len(key) else self.rows[index.row()][index.column()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def _view(name: str) -> tuple[QTableView, RowsModel, QSortFilterProxyModel]:
    model = RowsModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    view = QTableView()
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view, model, proxy


def _selected_key(view: QTableView, model: RowsModel, proxy: QSortFilterProxyModel):
    idx = view.currentIndex()
    if not idx.isValid():
        return None
    return model.keys[proxy.mapToSource(idx).row()]


def _num(x: float) -> str:
    return i18n.format_number(int(x)) if float(x).is_integer() else i18n.format_decimal(x, 1)


def _date_text(d) -> str:
    return i18n.format_date(d) if d else ""


#: The pages are parts of :class:`~dialogue_app.ui.training.panel.TrainingPanel` (mixins sharing its
#: state); type checkers see them as panels.
if TYPE_CHECKING:
    from dialogue_app.ui.panel import Panel

    PanelPart = Panel
else:
    PanelPart = object
