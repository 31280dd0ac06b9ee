"""The event-wide Commitments area: every commitment by table and kind, filters,
edit and delete (undoable), and the follow-up weeks later by participant code."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.errors import DialogueError, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import commitments as cm
from dialogue_app.services import followup
from dialogue_app.services.people import find_by_code
from dialogue_app.services.seating.door import SearchPerson, people_for_search
from dialogue_app.services.tables import list_tables
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.panel import Panel
from dialogue_app.ui.person_finder import PersonFinder

NO_DATE = QDate(2000, 1, 1)


def find_data(combo, value) -> int:
    """Index of the item whose data equals ``value`` (QComboBox.findData does not compare
    Python objects such as UUIDs by value); -1 when none."""
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            return i
    return -1


def _to_date(q: QDate) -> dt.date | None:
    return None if q == NO_DATE else dt.date(q.year(), q.month(), q.day())


def _date_edit(value: dt.date | None, name: str) -> QDateEdit:
    w = QDateEdit()
    w.setCalendarPopup(True)
    w.setDisplayFormat(i18n.qt_date_format())
    w.setMinimumDate(NO_DATE)
    w.setSpecialValueText(_("No date"))
    w.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
    w.setAccessibleName(name)
    return w


class CommitmentModel(QAbstractTableModel):
    COLUMNS = ("table", "kind", "text", "participant", "partner", "target", "status", "followup")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[cm.CommitmentData] = []

    def headers(self) -> list[str]:
        return [_("Table"), _("Kind"), _("Commitment"), _("Participant"), _("With"), _("Target date"),
                _("Follow-up"), _("Follow-up date")]

    def set_rows(self, rows: list[cm.CommitmentData]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return r
        if role == Qt.ItemDataRole.ToolTipRole and col == "text":
            return r.text
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        sort = role == Qt.ItemDataRole.EditRole
        if col == "table":
            return (r.table_number if r.table_number is not None else 10**6) if sort else (
                str(r.table_number) if r.table_number is not None else "—")
        if col == "kind":
            return cm.kind_label(r.kind)
        if col == "text":
            return r.text
        if col == "participant":
            return _("Anonymous") if r.anonymous else r.person_code
        if col == "partner":
            return r.partner_first_name
        if col == "target":
            return r.target_date.isoformat() if sort and r.target_date else i18n.format_date(r.target_date, "short")
        if col == "status":
            return cm.status_label(r.followup_status)
        if col == "followup":
            return (r.followup_date.isoformat() if sort and r.followup_date
                    else i18n.format_date(r.followup_date, "short"))
        return None


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

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        r = self.sourceModel().rows[row]
        return ((self.table_id is None or r.table_id == self.table_id)
                and (self.kind is None or r.kind == self.kind)
                and (self.status is None or r.followup_status == self.status))


class CommitmentDialog(QDialog):
    """Edit one commitment (or add one outside a live session)."""

    def __init__(self, parent: QWidget, data: cm.CommitmentData, tables, lookup,
                 people: Callable[[], list[SearchPerson]] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Commitment"))
        self.setAccessibleName(_("Commitment"))
        self.data = data
        self.lookup = lookup
        form = QFormLayout(self)
        self.text = QPlainTextEdit(data.text)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(_("Commitment"))
        self.text.setMaximumHeight(90)
        self.table = QComboBox()
        self.table.setAccessibleName(_("Table"))
        self.table.addItem(_("No table"), None)
        for t in tables:
            self.table.addItem(_("Table {n}").format(n=t.number), t.id)
        self.table.setCurrentIndex(max(0, find_data(self.table, data.table_id)))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind of commitment"))
        for k in cm.KIND_LABELS:
            self.kind.addItem(cm.kind_label(k), k)
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        self.code = QLineEdit("" if data.anonymous else data.person_code)
        self.code.setAccessibleName(_("Participant code (empty: anonymous)"))
        self.code.setPlaceholderText(_("Empty: anonymous; or type a name"))
        self.finder = PersonFinder(self.code, people) if people is not None else None
        self.target = _date_edit(data.target_date, _("Target date"))
        self.status = QComboBox()
        self.status.setAccessibleName(_("Follow-up status"))
        for s in cm.STATUS_LABELS:
            self.status.addItem(cm.status_label(s), s)
        self.status.setCurrentIndex(max(0, self.status.findData(data.followup_status)))
        self.followup = _date_edit(data.followup_date, _("Follow-up date"))
        self.note = QLineEdit(data.followup_note)
        self.note.setMaxLength(cm.MAX_TEXT)
        self.note.setAccessibleName(_("What happened? (the participant's answer at the follow-up)"))
        form.addRow(_("&Commitment:"), self.text)
        form.addRow(_("&Table:"), self.table)
        form.addRow(_("&Kind:"), self.kind)
        form.addRow(_("&Participant code:"), self.code)
        form.addRow(_("Ta&rget date:"), self.target)
        form.addRow(_("&Follow-up:"), self.status)
        form.addRow(_("Follow-up &date:"), self.followup)
        form.addRow(_("What &happened?"), self.note)
        if data.partner_first_name:
            form.addRow(_("With:"), QLabel(data.partner_first_name))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.error = QLabel()
        self.error.setWordWrap(True)
        form.addRow(self.error)
        self.resize(520, 360)

    def result_data(self) -> cm.CommitmentData:
        code = self.code.text().strip()
        person_id = None
        if code:
            try:
                person_id = self.lookup(code)
            except DialogueError:
                person_id = None
            if person_id is None and self.finder is not None:
                # a name typed instead of a code: forgiving search, when it finds exactly one person
                found = self.finder.resolve(code)
                if found is not None:
                    self.code.setText(found)
                    person_id = self.lookup(found)
            if person_id is None:
                raise UserInputError(_("No participant has the code “{code}”.").format(code=code))
        return cm.CommitmentData(
            id=self.data.id, text=self.text.toPlainText().strip(), table_id=self.table.currentData(),
            person_id=person_id, partner_id=self.data.partner_id if person_id != self.data.partner_id else None,
            kind=self.kind.currentData(), target_date=_to_date(self.target.date()),
            followup_status=self.status.currentData(), followup_date=_to_date(self.followup.date()),
            followup_note=self.note.text().strip(), created_at=self.data.created_at,
        )

    def accept(self) -> None:
        try:
            self.result = self.result_data()
        except DialogueError as exc:
            self.error.setText(exc.message)
            return
        if not self.result.text:
            self.error.setText(_("A commitment needs a text."))
            return
        super().accept()


class CommitmentsPanel(Panel):
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

        box = QGroupBox(_("Follow-up by participant code"))
        box.setAccessibleName(_("Follow-up by participant code"))
        fl = QHBoxLayout(box)
        left = QVBoxLayout()
        code_row = QHBoxLayout()
        lab = QLabel(_("Partic&ipant code:"))
        self.code = QLineEdit()
        self.code.setAccessibleName(_("Participant code"))
        self.code.setPlaceholderText(_("Type or scan a code, or type a name, then Enter"))
        lab.setBuddy(self.code)
        self.code.returnPressed.connect(self.find_code)
        self.code_finder = PersonFinder(self.code, lambda: self.ctx.read(people_for_search))
        self.code_finder.chosen.connect(lambda _code: self.find_code())
        self.find_btn = QPushButton(_("F&ind"))
        self.find_btn.setAccessibleName(_("Find the participant's commitments"))
        self.find_btn.clicked.connect(self.find_code)
        code_row.addWidget(lab)
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.find_btn)
        left.addLayout(code_row)
        self.found_label = QLabel()
        self.found_label.setWordWrap(True)
        left.addWidget(self.found_label)
        set_row = QHBoxLayout()
        self.fu_status = QComboBox()
        self.fu_status.setAccessibleName(_("New follow-up status"))
        for s in cm.STATUS_LABELS:
            if s != "not_asked":
                self.fu_status.addItem(cm.status_label(s), s)
        self.fu_date = _date_edit(dt.date.today(), _("Follow-up date"))
        self.fu_set = QPushButton(_("&Set status"))
        self.fu_set.setAccessibleName(_("Set the follow-up status of the selected commitments"))
        self.fu_set.clicked.connect(self.set_followup)
        st = QLabel(_("Stat&us:"))
        st.setBuddy(self.fu_status)
        set_row.addWidget(st)
        set_row.addWidget(self.fu_status)
        set_row.addWidget(self.fu_date)
        set_row.addWidget(self.fu_set)
        self.fu_contact = QCheckBox(_("Agreed to be &contacted for the follow-up"))
        self.fu_contact.setAccessibleName(_("The participant agreed to be contacted about their commitment"))
        self.fu_contact.setEnabled(False)
        self.fu_contact.toggled.connect(self.set_contact_consent)
        set_row.addWidget(self.fu_contact)
        set_row.addStretch(1)
        left.addLayout(set_row)
        note_row = QHBoxLayout()
        self.fu_note = QLineEdit()
        self.fu_note.setMaxLength(cm.MAX_TEXT)
        self.fu_note.setAccessibleName(_("What happened? (the participant's answer, saved with the status)"))
        self.fu_note.setPlaceholderText(_("In the participant's words; Enter sets the status"))
        self.fu_note.returnPressed.connect(self.set_followup)
        note_lab = QLabel(_("What &happened?"))
        note_lab.setBuddy(self.fu_note)
        note_row.addWidget(note_lab)
        note_row.addWidget(self.fu_note, 1)
        left.addLayout(note_row)
        self._shown_note: str | None = ""
        fl.addLayout(left, 2)
        self.found = QListWidget()
        self.found.setAccessibleName(_("The participant's commitments"))
        self.found.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.found.setMaximumHeight(110)
        self.found.setWordWrap(True)  # long answers to "what happened?" wrap instead of scrolling sideways
        self.found.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.found.itemSelectionChanged.connect(self._show_note)
        fl.addWidget(self.found, 3)
        lay.addWidget(box)
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
            self.ctx.apply(cm.SaveCommitment(dlg.result, label), areas={"commitments"})

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

    # ------------------------------------------------------------------ follow-up
    def find_code(self, quiet: bool = False) -> None:
        code = self.code.text().strip()
        self.found.clear()
        self.fu_note.clear()
        self.followup_rows = []
        self.fu_contact.setEnabled(False)
        if not code:
            self.found_label.setText("")
            return
        try:
            name, rows = self.ctx.read(lambda s: cm.commitments_for_code(s, code))
        except DialogueError as exc:
            # a name typed instead of a code ("yilmaz"): the forgiving search, when it finds one person
            self.code_finder.reset()
            found = self.code_finder.resolve(code)
            if found is not None and found != code:
                self.code.setText(found)
                self.find_code(quiet)
                return
            if self.code_finder.matching(code):
                self.found_label.setText(_("Several people match “{text}”: choose one from the list or type the "
                                           "code.").format(text=code))
            else:
                self.found_label.setText(exc.message + " " + _("Try the start of the first or last name (accents "
                                                               "do not matter), or scan the badge."))
            return
        self.followup_rows = rows
        consent = self.ctx.read(lambda s: followup.has_contact_consent(s, code))
        self.fu_contact.blockSignals(True)
        self.fu_contact.setChecked(consent)
        self.fu_contact.setEnabled(True)
        self.fu_contact.blockSignals(False)
        self.found_label.setText(
            ngettext("{name}: {n} commitment", "{name}: {n} commitments", len(rows)).format(name=name, n=len(rows))
            if rows else _("{name} has no commitment linked to their code.").format(name=name))
        self.found.blockSignals(True)
        for r in rows:
            label = f"{r.text}  [{cm.status_label(r.followup_status)}]"
            if r.followup_note:
                label += "  " + _("“{text}”").format(text=r.followup_note)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setToolTip(r.followup_note)
            self.found.addItem(item)
            item.setSelected(True)
        self.found.blockSignals(False)
        self._show_note()
        if rows and not quiet:
            self.fu_status.setFocus()

    def set_contact_consent(self, given: bool) -> None:
        """Record or withdraw the found participant's consent to be contacted (undoable)."""
        code = self.code.text().strip()
        label = _("Consent to be contacted") if given else _("Consent to be contacted withdrawn")
        if code:
            self.ctx.apply(followup.SetContactConsent(code, given, label), areas={"commitments"})

    def set_followup(self) -> None:
        ids = [i.data(Qt.ItemDataRole.UserRole) for i in self.found.selectedItems()]
        if not ids:
            return
        status = self.fu_status.currentData()
        when = _to_date(self.fu_date.date())
        note: str | None = self.fu_note.text().strip()
        if not note and self._shown_note is None:
            note = None  # several answers differ and the field was left empty: keep them
        label = _("Follow-up: {status}").format(status=cm.status_label(status))
        self.ctx.apply(cm.SetFollowUp(tuple((i, status, when, note) for i in ids), label), areas={"commitments"})

    def _show_note(self) -> None:
        """The answer to "what happened?" of the selected commitments (when they share one) in the field."""
        ids = {i.data(Qt.ItemDataRole.UserRole) for i in self.found.selectedItems()}
        notes = {r.followup_note for r in self.followup_rows if r.id in ids}
        self._shown_note = notes.pop() if len(notes) == 1 else (None if notes else "")
        self.fu_note.setText(self._shown_note or "")
