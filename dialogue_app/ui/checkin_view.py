"""Day-of check-in: a code field for typed or scanned codes (USB scanners type the
code and Enter), the table shown large, a searchable list, walk-ins, no-shows per
table, and closing check-in with a rebalancing proposal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import seating


class CheckInView(QWidget):
    def __init__(self, panel) -> None:
        super().__init__()
        self.panel = panel
        self.ctx = panel.ctx
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        code_label = QLabel(_("Participant &code (type or scan, then Enter):"))
        self.code = QLineEdit()
        self.code.setAccessibleName(_("Participant code"))
        self.code.setPlaceholderText("K7QM3X")
        big = QFont(self.code.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        self.code.setFont(big)
        code_label.setBuddy(self.code)
        self.result = QLabel(_("Scan a badge or type a code."))
        self.result.setWordWrap(True)
        self.result.setAccessibleName(_("Check-in result"))
        huge = QFont(self.result.font())
        huge.setPointSizeF(huge.pointSizeF() * 2.4)
        huge.setBold(True)
        self.result.setFont(huge)
        self.result.setMinimumHeight(120)
        left.addWidget(code_label)
        left.addWidget(self.code)
        left.addWidget(self.result)

        search_label = QLabel(_("&Search by name:"))
        self.search = QLineEdit()
        self.search.setAccessibleName(_("Search people to check in"))
        search_label.setBuddy(self.search)
        self.list = QListWidget()
        self.list.setAccessibleName(_("People not yet checked in"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checkin_button = QPushButton(_("Check &in the selected person"))
        self.checkin_button.setAccessibleName(self.checkin_button.text().replace("&", ""))
        left.addWidget(search_label)
        left.addWidget(self.search)
        left.addWidget(self.list, 1)
        left.addWidget(self.checkin_button)
        outer.addLayout(left, 3)

        right = QVBoxLayout()
        walk = QGroupBox(_("Walk-in"))
        form = QFormLayout(walk)
        self.walk_first = QLineEdit()
        self.walk_first.setAccessibleName(_("Walk-in first name"))
        self.walk_last = QLineEdit()
        self.walk_last.setAccessibleName(_("Walk-in last name"))
        self.walk_table = QSpinBox()
        self.walk_table.setRange(0, 100000)
        self.walk_table.setSpecialValueText(_("no table yet"))
        self.walk_table.setAccessibleName(_("Walk-in table number"))
        self.walk_button = QPushButton(_("&Add walk-in"))
        self.walk_button.setAccessibleName(_("Add walk-in"))
        form.addRow(_("&First name:"), self.walk_first)
        form.addRow(_("&Last name:"), self.walk_last)
        form.addRow(_("&Table:"), self.walk_table)
        form.addRow(self.walk_button)
        right.addWidget(walk)
        right.addWidget(QLabel(_("Arrivals per table:")))
        self.per_table = QTableWidget(0, 3)
        self.per_table.setHorizontalHeaderLabels([_("Table"), _("Arrived"), _("Not yet / no-show")])
        self.per_table.setAccessibleName(_("Arrivals per table"))
        self.per_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.per_table.verticalHeader().setVisible(False)
        right.addWidget(self.per_table, 1)
        self.close_button = QPushButton(_("C&lose check-in and rebalance…"))
        self.close_button.setAccessibleName(self.close_button.text().replace("&", ""))
        self.rebalance_button = QPushButton(_("&Rebalance…"))
        self.rebalance_button.setAccessibleName(_("Rebalance"))
        right.addWidget(self.close_button)
        right.addWidget(self.rebalance_button)
        outer.addLayout(right, 2)

        self.code.returnPressed.connect(self.check_in_code)
        self.search.textChanged.connect(self._filter)
        self.list.itemActivated.connect(lambda _it: self.check_in_selected())
        self.checkin_button.clicked.connect(self.check_in_selected)
        self.walk_button.clicked.connect(self.add_walk_in)
        self.walk_first.returnPressed.connect(self.add_walk_in)
        self.close_button.clicked.connect(self.close_check_in)
        self.rebalance_button.clicked.connect(lambda: self.rebalance())
        self._people: list[seating.WaitingPerson] = []

    @property
    def round_no(self) -> int:
        return self.panel.plan_view.round_no

    def reload(self) -> None:
        if not self.ctx.has_event:
            return
        rn = self.round_no
        overview = self.ctx.read(lambda s: seating.checkin_overview(s, rn))
        self._people = list(overview.waiting)
        self._filter(self.search.text())
        self.per_table.setRowCount(len(overview.tables))
        for row, t in enumerate(overview.tables):
            for col, value in enumerate((str(t.number), str(t.arrived), str(t.missing))):
                self.per_table.setItem(row, col, QTableWidgetItem(value))
        self.per_table.resizeColumnsToContents()

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        self.list.clear()
        for p in self._people:
            if needle and needle not in p.name.casefold() and needle not in p.code.casefold():
                continue
            table = _("table {n}").format(n=p.table) if p.table else _("no table")
            item = QListWidgetItem(f"{p.name} — {p.code} — {table}")
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _do_check_in(self, code: str) -> None:
        rn = self.round_no
        try:
            info = self.ctx.read(lambda s: seating.lookup_code(s, code, rn))
        except DialogueError as exc:
            self.result.setText("✗ " + exc.message)
            self.result.setStyleSheet("color: #8a1c00;")
            return
        if not self.ctx.apply(seating.CheckIn(code, rn, _("Check in {name}").format(name=info.name)), {"tables"}):
            return
        if info.table is None:
            text = _("{name}: present, no table yet").format(name=info.name)
        elif info.already:
            text = _("{name} was already here: table {table}").format(name=info.name, table=info.table)
        else:
            text = _("{name}: table {table}").format(name=info.name, table=info.table)
        then = seating.then_text(info)
        if then:
            text += " " + then
        self.result.setText("✓ " + text)
        self.result.setStyleSheet("")
        self.reload()

    def check_in_code(self) -> None:
        code = self.code.text()
        self.code.clear()
        if code.strip():
            self._do_check_in(code)
        self.code.setFocus()

    def check_in_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._do_check_in(item.data(Qt.ItemDataRole.UserRole))

    def add_walk_in(self) -> None:
        first = self.walk_first.text().strip()
        if not first:
            self.result.setText("✗ " + _("A walk-in needs at least a first name."))
            return
        table = self.walk_table.value() or None
        edit = seating.AddWalkIn(first, self.walk_last.text().strip(), table, self.round_no,
                                 _("Add walk-in {name}").format(name=first))
        if self.ctx.apply(edit, {"tables", "people"}):
            self.walk_first.clear()
            self.walk_last.clear()
            where = _("table {n}").format(n=table) if table else _("no table yet")
            self.result.setText("✓ " + _("{name} added: {where}").format(name=first, where=where))
            self.reload()

    def close_check_in(self) -> None:
        answer = QMessageBox.question(
            self, _("Close check-in"),
            _("Everyone who has not checked in will be marked as a no-show. Then you can rebalance the tables. "
              "Continue?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.ctx.apply(seating.CloseCheckIn(self.round_no, _("Close check-in")), {"tables", "people"}):
            self.reload()
            self.rebalance()
            # the people who did not come also hold seats in the later rounds' plans
            for rn in self.ctx.read(seating.planned_rounds):
                if rn > self.round_no:
                    self.rebalance(rn)

    def rebalance(self, round_no: int | None = None) -> None:
        rn = round_no or self.round_no
        try:
            proposal = self.ctx.read(lambda s: seating.propose_rebalance(s, rn))
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
        if round_no is not None and not (proposal.moves or proposal.removed or proposal.problems):
            return  # a later round with nothing to fix: no dialog
        dlg = RebalanceDialog(proposal, self, rn if self.panel.plan_view.round.count() > 1 else None)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dlg.accepted_moves()
        proposal = seating.RebalanceProposal(tuple(chosen), proposal.feasible, proposal.problems, proposal.removed)
        try:
            edit = self.ctx.read(lambda s: seating.rebalance_edit(s, proposal, rn))
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
        if self.ctx.apply(edit, {"tables"}):
            self.reload()


class RebalanceDialog(QDialog):
    """The proposed moves; the organiser unticks any they do not want."""

    def __init__(self, proposal: seating.RebalanceProposal, parent: QWidget | None = None,
                 round_no: int | None = None) -> None:
        super().__init__(parent)
        self.round_no = round_no
        self.setWindowTitle(_("Rebalance the tables") if round_no is None
                            else _("Rebalance the tables of round {n}").format(n=round_no))
        self.proposal = proposal
        lay = QVBoxLayout(self)
        if proposal.moves:
            intro = ngettext("{n} move fixes the tables. People already seated are never moved.",
                             "{n} moves fix the tables. People already seated are never moved.",
                             len(proposal.moves)).format(n=len(proposal.moves))
        elif proposal.feasible:
            intro = _("No moves are needed: every table is within its limits.")
        else:
            intro = _("The tables cannot be fixed by moving people who are not yet seated.")
        label = QLabel(intro)
        label.setWordWrap(True)
        lay.addWidget(label)
        for p in proposal.problems:
            warn = QLabel("⚠ " + p)
            warn.setWordWrap(True)
            lay.addWidget(warn)
        self.table = QTableWidget(len(proposal.moves), 3)
        self.table.setHorizontalHeaderLabels([_("Person"), _("From table"), _("To table")])
        self.table.setAccessibleName(_("Proposed moves"))
        for row, m in enumerate(proposal.moves):
            who = QTableWidgetItem(f"{m.name} ({m.code})")
            who.setFlags(who.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            who.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, 0, who)
            self.table.setItem(row, 1, QTableWidgetItem(str(m.from_table) if m.from_table else _("none")))
            self.table.setItem(row, 2, QTableWidgetItem(str(m.to_table)))
        self.table.resizeColumnsToContents()
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Apply the ticked moves"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 420)

    def accepted_moves(self) -> list[seating.ProposedMove]:
        return [m for row, m in enumerate(self.proposal.moves)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]
