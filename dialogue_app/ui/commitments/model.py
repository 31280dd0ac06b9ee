"""The table of commitments: one row per commitment (the shared rows model) and the filter by
table, kind and follow-up status."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from dialogue_app import i18n
from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _
from dialogue_app.services import commitments as cm
from dialogue_app.ui.widgets.rows import Column, RowsModel

Row = cm.CommitmentData


def _table_number(r: Row) -> str:
    return str(r.table_number) if r.table_number is not None else "—"


def _table_sort(r: Row) -> int:
    return r.table_number if r.table_number is not None else 10**6


def _date_sort(value) -> str:
    return value.isoformat() if value else i18n.format_date(value, "short")


COLUMNS: tuple[Column[Row], ...] = (
    Column(N_("Table"), _table_number, sort=_table_sort),
    Column(N_("Kind"), lambda r: cm.kind_label(r.kind)),
    Column(N_("Commitment"), lambda r: r.text, tooltip=lambda r: r.text),
    Column(N_("Participant"), lambda r: _("Anonymous") if r.anonymous else r.person_code),
    Column(N_("With"), lambda r: r.partner_first_name),
    Column(N_("Target date"), lambda r: i18n.format_date(r.target_date, "short"),
           sort=lambda r: _date_sort(r.target_date)),
    Column(N_("Follow-up"), lambda r: cm.status_label(r.followup_status)),
    Column(N_("Follow-up date"), lambda r: i18n.format_date(r.followup_date, "short"),
           sort=lambda r: _date_sort(r.followup_date)),
)


class CommitmentModel(RowsModel[Row]):
    """The commitments; the sort role (``EditRole``) orders tables by number and dates by date."""

    COLUMNS = COLUMNS

    def __init__(self) -> None:
        super().__init__(COLUMNS)


class CommitmentFilter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.table_id: uuid.UUID | None = None
        self.kind: str | None = None
        self.status: str | None = None
        self.setSortRole(Qt.ItemDataRole.EditRole)

    def set_filter(self, table_id, kind, status) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9: invalidateFilter is deprecated
            self.beginFilterChange()
            self.table_id, self.kind, self.status = table_id, kind, status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.table_id, self.kind, self.status = table_id, kind, status
            self.invalidateFilter()


    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, CommitmentModel)
        r = model.rows[row]
        return ((self.table_id is None or r.table_id == self.table_id)
                and (self.kind is None or r.kind == self.kind)
                and (self.status is None or r.followup_status == self.status))
