"""The event-wide Commitments area: every commitment by table and kind, filters,
edit and delete (undoable), and the follow-up weeks later by participant code."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import commitments as cm
from dialogue_app.services import followup
from dialogue_app.services.people import find_by_code
from dialogue_app.services.seating.door import people_for_search
from dialogue_app.services.tables import list_tables
from dialogue_app.ui.commitments.dialog import CommitmentDialog
from dialogue_app.ui.commitments.followup import FollowUpBox
from dialogue_app.ui.commitments.model import CommitmentFilter, CommitmentModel
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.widgets.combos import find_data


class CommitmentsPanel(FollowUpBox):
    watches = frozenset({"commitments", "tables", "people", "event"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Commitments"))
        self.followup_rows: list[cm.CommitmentData] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        self.followup_reminder = QLabel()  # shown 4–8 weeks after the day (services.followup.reminder)
        self.followup_reminder.setWordWrap(True)
        self.followup_reminder.setAccessibleName(_("Follow-up reminder"))
        self.followup_reminder.setStyleSheet("QLabel { background: #fff4d6; border: 1px solid #c9a227; padding: 6px; }")
        self.followup_reminder.hide()
        lay.addWidget(self.followup_reminder)

        filters = QHBoxLayout()
        self.f_table = QComboBox()
        self.f_kind = QComboBox()
        self.f_status = QComboBox()
        for text, w, name in ((_("&Table:"), self.f_table, _("Filter by table")),
                              (_("&Kind:"), self.f_kind, _("Filter by kind")),
                              (_("F&ollow-up:"), self.f_status, _("Filter by follow-up status"))):
            lab = QLabel(text)
            lab.setBuddy(w)
            w.setAccessibleName(name)
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filters.addWidget(lab)
            filters.addWidget(w)
        self.f_kind.addItem(_("All kinds"), None)
        for k in cm.KIND_LABELS:
            self.f_kind.addItem(cm.kind_label(k), k)
        self.f_status.addItem(_("Any status"), None)
        for s in cm.STATUS_LABELS:
            self.f_status.addItem(cm.status_label(s), s)
        filters.addStretch(1)
        self.add_btn = QPushButton(_("&Add…"))
        self.edit_btn = QPushButton(_("&Edit…"))
        self.del_btn = QPushButton(_("&Delete"))
        self.add_btn.setAccessibleName(_("Add a commitment"))
        self.edit_btn.setAccessibleName(_("Edit the selected commitment"))
        self.del_btn.setAccessibleName(_("Delete the selected commitments"))
        self.add_btn.clicked.connect(self.add)
        self.edit_btn.clicked.connect(self.edit)
        self.del_btn.clicked.connect(self.delete)
        for b in (self.add_btn, self.edit_btn, self.del_btn):
            filters.addWidget(b)
        lay.addLayout(filters)

        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setAccessibleName(_("Counts"))
        lay.addWidget(self.counts)

        self.model = CommitmentModel()
        self.proxy = CommitmentFilter()
        self.proxy.setSourceModel(self.model)
        for w in (self.f_table, self.f_kind, self.f_status):
            w.currentIndexChanged.connect(self._apply_filter)
        self.view = QTableView()
        self.view.setAccessibleName(_("Commitments"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        h = self.view.horizontalHeader()
        for i in range(len(CommitmentModel.COLUMNS)):
            h.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        lay.addWidget(self.view, 1)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete)

        lay.addWidget(self._build_followup())
        # keyboard: status → date → what happened (Enter sets) → Set status
        QWidget.setTabOrder(self.fu_date, self.fu_note)
        QWidget.setTabOrder(self.fu_note, self.fu_set)

    # ------------------------------------------------------------------ data
    def show_followup_reminder(self, text: str) -> None:
        self.followup_reminder.setText(text)
        self.followup_reminder.setVisible(bool(text))

    def refresh(self) -> None:
        if not self.ctx.has_event:
            return
        rows = self.ctx.read(cm.list_commitments)
        self.show_followup_reminder(self.ctx.read(followup.reminder))
        tables = self.ctx.read(list_tables)
        self._tables = tables
        current = self.f_table.currentData()
        self.f_table.blockSignals(True)
        self.f_table.clear()
        self.f_table.addItem(_("All tables"), None)
        for t in tables:
            self.f_table.addItem(_("Table {n}").format(n=t.number), t.id)
        self.f_table.setCurrentIndex(max(0, find_data(self.f_table, current)))
        self.f_table.blockSignals(False)
        self.model.set_rows(rows)
        self._apply_filter()
        c = self.ctx.read(cm.commitment_counts)
        kinds = ", ".join(f"{cm.kind_label(k)} {v}" for k, v in c.by_kind.items())
        statuses = ", ".join(f"{cm.status_label(k)} {v}" for k, v in c.by_status.items())
        self.counts.setText(
            ngettext("{n} commitment", "{n} commitments", c.total).format(n=c.total)
            + " · " + kinds + "\n" + _("Follow-up:") + " " + statuses
            + " · " + ngettext("{n} anonymous", "{n} anonymous", c.anonymous).format(n=c.anonymous))
        if self.followup_rows:
            self.find_code(quiet=True)

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.f_table.currentData(), self.f_kind.currentData(), self.f_status.currentData())

    def selected(self) -> list[cm.CommitmentData]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.rows[r] for r in sorted(rows)]

    def _lookup(self, code: str) -> uuid.UUID | None:
        return self.ctx.read(lambda s: find_by_code(s, code)).id

    def _dialog(self, data: cm.CommitmentData, label: str) -> None:
        dlg = CommitmentDialog(self, data, getattr(self, "_tables", []), self._lookup,
                               lambda: self.ctx.read(people_for_search))
        if dlg.exec():
            self.ctx.apply(cm.SaveCommitment(dlg.saved, label), areas={"commitments"})

    def add(self) -> None:
        self._dialog(cm.new_commitment("", self.f_table.currentData()), _("Add a commitment"))

    def edit(self) -> None:
        sel = self.selected()
        if sel:
            self._dialog(sel[0], _("Edit a commitment"))

    def delete(self) -> None:
        from dialogue_app.services.edits import Composite

        sel = self.selected()
        if not sel:
            return
        label = ngettext("Delete {n} commitment", "Delete {n} commitments", len(sel)).format(n=len(sel))
        self.ctx.apply(Composite(tuple(cm.DeleteCommitment(c.id, label) for c in sel), label),
                       areas={"commitments"})
