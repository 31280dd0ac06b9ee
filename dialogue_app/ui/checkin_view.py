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
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import textsearch
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import seating
from dialogue_app.services.seating import door as checkin
from dialogue_app.services.seating.door_checks import already_text
from dialogue_app.ui.checkin_walkin import WalkInBox

#: Test hook: the answer to "Close check-in?" (None: ask with a real dialog).
CONFIRM_CLOSE: bool | None = None


def arrivals_text(arrived: int, expected: int, walk_ins: int) -> str:
    """"Arrived: 37 of 67 expected · 2 walk-ins"."""
    text = _("Arrived: {arrived} of {expected} expected").format(arrived=arrived, expected=expected)
    if walk_ins:
        text += " · " + ngettext("{n} walk-in", "{n} walk-ins", walk_ins).format(n=walk_ins)
    return text


def nobody_text(query: str) -> str:
    return (_("Nobody matches “{text}”.").format(text=query.strip()) + " "
            + _("Try the start of the first or last name (accents do not matter), or scan the badge."))


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
        self.arrivals = QLabel()
        self.arrivals.setAccessibleName(_("Arrivals count"))
        count_font = QFont(self.arrivals.font())
        count_font.setPointSizeF(count_font.pointSizeF() * 1.4)
        count_font.setBold(True)
        self.arrivals.setFont(count_font)
        left.addWidget(code_label)
        left.addWidget(self.code)
        left.addWidget(self.result)
        left.addWidget(self.arrivals)

        search_label = QLabel(_("&Search by name:"))
        self.search = QLineEdit()
        self.search.setAccessibleName(_("Search people to check in"))
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        self.list = QListWidget()
        self.list.setAccessibleName(_("People not yet checked in"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(_("Search result"))
        self.empty.hide()
        self.checkin_button = QPushButton(_("Check &in the selected person"))
        self.checkin_button.setAccessibleName(self.checkin_button.text().replace("&", ""))
        left.addWidget(search_label)
        left.addWidget(self.search)
        left.addWidget(self.empty)
        left.addWidget(self.list, 1)
        left.addWidget(self.checkin_button)
        outer.addLayout(left, 3)

        right = QVBoxLayout()
        self.walk_in = WalkInBox(self.ctx, lambda: self.round_no, self._walk_in_added)
        self.walk_first = self.walk_in.first
        self.walk_last = self.walk_in.last
        self.walk_table = self.walk_in.table
        self.walk_button = self.walk_in.button
        right.addWidget(self.walk_in)
        per_table_label = QLabel(_("Arrivals per table:"))
        right.addWidget(per_table_label)
        self.per_table = QTableWidget(0, 3)
        self.per_table.setHorizontalHeaderLabels([_("Table"), _("Arrived"), _("Not yet / no-show")])
        self.per_table.setAccessibleName(_("Arrivals per table"))
        self.per_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.per_table.verticalHeader().setVisible(False)
        right.addWidget(self.per_table, 1)
        self.rebalance_button = QPushButton(_("&Rebalance the tables…"))
        self.rebalance_button.setAccessibleName(_("Rebalance the tables"))
        self.rebalance_button.setToolTip(_("Proposes moves for tables that are too small or too full; "
                                           "nobody is marked as not arrived."))
        right.addWidget(self.rebalance_button)
        right.addSpacing(16)
        closing = QGroupBox(_("End of check-in"))
        closing_lay = QVBoxLayout(closing)
        explain = QLabel(_("When the doors close: everyone who has not arrived is marked as not arrived, "
                           "then you can rebalance. Late arrivals can still be checked in."))
        explain.setWordWrap(True)
        self.close_button = QPushButton(_("C&lose check-in…"))
        self.close_button.setAccessibleName(_("Close check-in"))
        closing_lay.addWidget(explain)
        closing_lay.addWidget(self.close_button)
        right.addWidget(closing)
        outer.addLayout(right, 2)

        self.code.returnPressed.connect(self.check_in_code)
        self.search.textChanged.connect(self._filter)
        self.list.itemActivated.connect(lambda _it: self.check_in_selected())
        self.checkin_button.clicked.connect(self.check_in_selected)
        self.close_button.clicked.connect(self.close_check_in)
        self.rebalance_button.clicked.connect(lambda: self.rebalance())
        self._people: list[seating.WaitingPerson] = []
        self._keys: list[tuple[str, ...]] = []

    @property
    def round_no(self) -> int:
        return self.panel.plan_view.round_no

    def reload(self) -> None:
        if not self.ctx.has_event:
            return
        rn = self.round_no
        overview = self.ctx.read(lambda s: seating.checkin_overview(s, rn))
        self._people = list(overview.waiting)
        self._keys = [textsearch.search_key(p.search_parts) for p in self._people]
        self._filter(self.search.text())
        self.arrivals.setText(arrivals_text(overview.arrived, overview.expected, overview.walk_ins))
        self.per_table.setRowCount(len(overview.tables))
        for row, t in enumerate(overview.tables):
            for col, value in enumerate((str(t.number), str(t.arrived), str(t.missing))):
                self.per_table.setItem(row, col, QTableWidgetItem(value))
        self.per_table.resizeColumnsToContents()
        self.walk_in.invalidate()

    def _filter(self, text: str) -> None:
        query = textsearch.query_words(text)
        self.list.clear()
        for p, key in zip(self._people, self._keys, strict=True):
            if query and not textsearch.key_matches(query, key):
                continue
            table = _("table {n}").format(n=p.table) if p.table else _("no table")
            label = f"{p.name} — {p.code} — {table}"
            if p.no_show:
                label += " — " + _("marked not arrived")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
            self.empty.hide()
        else:
            self.empty.setText(nobody_text(text) if text.strip() else _("Everyone has checked in."))
            self.empty.show()

    def _show_refused(self, exc: DialogueError) -> None:
        """A code that cannot be checked in: the reason in red under the code field."""
        self.result.setText("✗ " + exc.message)
        self.result.setStyleSheet("color: #8a1c00;")

    def _do_check_in(self, code: str) -> None:
        rn = self.round_no
        found = self.ctx.try_read(lambda s: (seating.lookup_code(s, code, rn), checkin.plan_arrival(s, code, rn)),
                                  on_error=self._show_refused)
        if found is None:
            return
        info, arrival = found
        if arrival.late:
            target = None if arrival.own_seat else arrival.table
            edit = checkin.CheckInAt(code, rn, target, _("Check in {name}").format(name=info.name))
            if not self.ctx.apply(edit, {"tables", "people"}):
                return
            if arrival.table is None:
                text = _("{name} arrived late and is present again, but no table has a free seat: "
                         "seat them on the Plan tab.").format(name=info.name)
            elif arrival.own_seat:
                text = _("{name} arrived late: back at their own seat, table {table}.").format(
                    name=info.name, table=arrival.table)
            else:
                text = _("{name} arrived late: their seat was taken, so they sit at table {table} "
                         "(a free seat).").format(name=info.name, table=arrival.table)
            self.result.setText("✓ " + text)
            self.result.setStyleSheet("")
            self.reload()
            return
        if not self.ctx.apply(seating.CheckIn(code, rn, _("Check in {name}").format(name=info.name)), {"tables"}):
            return
        if info.table is None:
            text = _("{name}: present, no table yet").format(name=info.name)
        elif info.already:  # perhaps at another door a moment ago: say when
            text = already_text(info.name, info.checked_in_at, info.table) or _(
                "{name} was already here: table {table}").format(name=info.name, table=info.table)
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

    def _walk_in_added(self, text: str) -> None:
        self.result.setText(text)
        self.result.setStyleSheet("color: #8a1c00;" if text.startswith("✗") else "")
        if text.startswith("✓"):
            self.reload()

    def add_walk_in(self) -> None:
        self.walk_in.add()

    def _confirm_close(self, n: int) -> bool:
        if CONFIRM_CLOSE is not None:
            return CONFIRM_CLOSE
        if n:
            text = ngettext(
                "{n} person has not arrived. Closing check-in marks them as not arrived (no-show); "
                "then you can rebalance the tables. If they come later, check them in as usual: they get "
                "their seat back, or a free one.\n\nClose check-in now?",
                "{n} people have not arrived. Closing check-in marks them as not arrived (no-show); "
                "then you can rebalance the tables. If they come later, check them in as usual: they get "
                "their seat back, or a free one.\n\nClose check-in now?", n).format(n=n)
        else:
            text = _("Everyone who was expected has arrived. Close check-in and rebalance the tables?")
        answer = QMessageBox.question(self, _("Close check-in"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def close_check_in(self) -> None:
        n = self.ctx.read(checkin.not_arrived_count)
        if not self._confirm_close(n):
            return
        if self.ctx.apply(seating.CloseCheckIn(self.round_no, _("Close check-in")), {"tables", "people"}):
            self.result.setText("✓ " + ngettext("Check-in closed: {n} person marked as not arrived.",
                                                "Check-in closed: {n} people marked as not arrived.",
                                                n).format(n=n))
            self.result.setStyleSheet("")
            self.reload()
            self.rebalance()
            # the people who did not come also hold seats in the later rounds' plans
            for rn in self.ctx.read(seating.planned_rounds):
                if rn > self.round_no:
                    self.rebalance(rn)

    def rebalance(self, round_no: int | None = None) -> None:
        rn = round_no or self.round_no
        proposal = self.ctx.try_read(lambda s: seating.propose_rebalance(s, rn))
        if proposal is None:
            return
        if round_no is not None and not (proposal.moves or proposal.removed or proposal.problems):
            return  # a later round with nothing to fix: no dialog
        dlg = RebalanceDialog(proposal, self, rn if self.panel.plan_view.round.count() > 1 else None)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dlg.accepted_moves()
        proposal = seating.RebalanceProposal(tuple(chosen), proposal.feasible, proposal.problems, proposal.removed)
        edit = self.ctx.try_read(lambda s: seating.rebalance_edit(s, proposal, rn))
        if edit is not None and self.ctx.apply(edit, {"tables"}):
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
        out = []
        for row, m in enumerate(self.proposal.moves):
            item = self.table.item(row, 0)
            assert item is not None  # every row has its check box
            if item.checkState() == Qt.CheckState.Checked:
                out.append(m)
        return out
