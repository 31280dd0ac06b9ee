"""The People screen's table: one row per person with their dimension values, sorted
by what the cells mean, filtered by forgiving search, role and attendance."""

from __future__ import annotations

import uuid
from typing import cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from dialogue_app import textsearch
from dialogue_app.i18n import gettext as _
from dialogue_app.services.events import DimensionInfo
from dialogue_app.services.people import PersonRow
from dialogue_app.wording import Attendance, Role, attendance_label, role_label, table_sequence

#: Qt role holding the value to sort on (numbers sort as numbers).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Qt role holding the person's id.
ID_ROLE = Qt.ItemDataRole.UserRole + 2

FIXED_COLUMNS = ("code", "first_name", "last_name", "roles", "table", "attendance", "languages", "wheelchair")


def _column_title(key: str) -> str:
    return {
        "code": _("Code"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "roles": _("Roles"),
        "table": _("Table"),
        "attendance": _("Attendance"),
        "languages": _("Languages"),
        "wheelchair": _("Wheelchair"),
    }[key]


def _table_text(r) -> str:
    """"3", or with more rounds each round's table: "3 → 7" ("–": no seat that round)."""
    tables = (r.table, *r.later_tables)
    if all(t is None for t in tables):
        return ""
    return str(tables[0]) if all(t == tables[0] for t in tables) else table_sequence(tables)


class PeopleModel(QAbstractTableModel):
    """The people of the event as plain rows; the texts are computed once per load."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[PersonRow] = []
        self.dimensions: list[DimensionInfo] = []
        self._texts: list[tuple[str, ...]] = []
        self._search: list[tuple[str, ...]] = []
        self._titles: list[str] = []
        self._index: dict[uuid.UUID, int] = {}

    def load(self, rows: list[PersonRow], dimensions: list[DimensionInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.dimensions = dimensions
        self._titles = [_column_title(k) for k in FIXED_COLUMNS] + [d.name for d in dimensions]
        role_names = {r.value: role_label(r) for r in Role}
        att_names = {a.value: attendance_label(a) for a in Attendance}
        yes, no = _("Yes"), ""
        dim_keys = [d.key for d in dimensions]
        texts = []
        search = []
        for r in rows:
            texts.append(
                (
                    r.code, r.first_name, r.last_name,
                    ", ".join(role_names.get(x, x) for x in r.roles),
                    _table_text(r),
                    att_names.get(r.attendance, r.attendance),
                    r.languages.replace(",", ", "),
                    yes if r.wheelchair else no,
                    *(r.values.get(k, "") for k in dim_keys),
                )
            )
            search.append(textsearch.search_key((r.first_name, r.last_name, r.code, r.email)))
        self._texts = texts
        self._search = search
        self._index = {r.id: i for i, r in enumerate(rows)}
        self.endResetModel()

    # --- Qt model API ---------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole
        ):
            return self._titles[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._texts[row][col]
        if role == SORT_ROLE:
            if col == 4:  # table number
                t = self.rows[row].table
                return -1 if t is None else t
            return self._texts[row][col].casefold()
        if role == ID_ROLE:
            return self.rows[row].id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in Python on precomputed keys (a proxy sorting 5,000 rows through
        ``data()`` takes most of a second; this takes milliseconds)."""
        if not 0 <= column < len(self._titles) or not self.rows:
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = [r.id for r in self.rows]
        if column == 4:
            def key(i):
                t = self.rows[i].table
                return (t is None, t or 0)
        else:
            def key(i):
                return self._texts[i][column].casefold()
        order_idx = sorted(range(len(self.rows)), key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = [self.rows[i] for i in order_idx]
        self._texts = [self._texts[i] for i in order_idx]
        self._search = [self._search[i] for i in order_idx]
        self._index = {r.id: i for i, r in enumerate(self.rows)}
        new_pos = {pid: i for i, pid in enumerate(r.id for r in self.rows)}
        old_persistent = self.persistentIndexList()
        new_persistent = [self.index(new_pos[old_ids[ix.row()]], ix.column()) for ix in old_persistent]
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    # --- helpers -------------------------------------------------------------------------
    def search_key(self, row: int) -> tuple[str, ...]:
        """The folded name parts of a row (see :mod:`dialogue_app.textsearch`)."""
        return self._search[row]

    def row_of(self, person_id: uuid.UUID) -> int:
        return self._index.get(person_id, -1)


class PeopleFilter(QSortFilterProxyModel):
    """Search (name, code, e-mail), role and attendance filters."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._sort_column, self._sort_order = -1, Qt.SortOrder.AscendingOrder
        self._words: list[str] = []
        self._role: str | None = None
        self._attendance: str | None = None

    def set_filters(self, text: str, role: str | None, attendance: str | None) -> None:
        new_api = hasattr(self, "beginFilterChange")  # Qt ≥ 6.9; invalidateFilter is deprecated there
        if new_api:
            self.beginFilterChange()
        self._words = textsearch.query_words(text)
        self._role = role
        self._attendance = attendance
        if new_api:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the source model on precomputed keys; the proxy keeps its order."""
        self._sort_column, self._sort_order = column, order
        self.sourceModel().sort(column, order)

    def resort(self) -> None:
        """Apply the current sort again (after the rows were reloaded)."""
        if getattr(self, "_sort_column", -1) >= 0:
            self.sourceModel().sort(self._sort_column, self._sort_order)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = cast(PeopleModel, self.sourceModel())  # set by the People panel
        r = model.rows[source_row]
        if self._role is not None and self._role not in r.roles:
            return False
        if self._attendance is not None and r.attendance != self._attendance:
            return False
        if self._words:
            return textsearch.key_matches(self._words, model.search_key(source_row))
        return True
