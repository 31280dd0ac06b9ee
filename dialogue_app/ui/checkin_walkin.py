"""The walk-in box of the check-in desk: name, access needs and languages, the suggested
table with its free seats ("Suggested: table 7, 2 free seats"), Enter to accept it, or
another table chosen from a list that shows every table's free seats."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton

from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import seating
from dialogue_app.services.seating import door as checkin


def free_seats_text(n: int) -> str:
    return ngettext("{n} free seat", "{n} free seats", n).format(n=n)


def option_text(o: checkin.TableOption, suggested: bool) -> str:
    if suggested:
        return _("Table {n} — {free} (suggested)").format(n=o.number, free=free_seats_text(o.free))
    if o.fits:
        return _("Table {n} — {free}").format(n=o.number, free=free_seats_text(o.free))
    return _("Table {n} — not possible: {reason}").format(n=o.number, reason=o.reason)


#: Above this many tables the suggestion is recomputed when a walk-in is typed, not after every scan.
LAZY_ABOVE_TABLES = 40


class WalkInBox(QGroupBox):
    """Adds a walk-in at the suggested (or chosen) table in one undo step."""

    def __init__(self, ctx, round_no: Callable[[], int], on_added: Callable[[str], None]) -> None:
        super().__init__(_("Walk-in"))
        self.ctx = ctx
        self.round_no = round_no
        self.on_added = on_added
        form = QFormLayout(self)
        self.first = QLineEdit()
        self.first.setAccessibleName(_("Walk-in first name"))
        self.last = QLineEdit()
        self.last.setAccessibleName(_("Walk-in last name"))
        self.wheelchair = QCheckBox(_("Uses a &wheelchair"))
        self.wheelchair.setAccessibleName(_("Walk-in uses a wheelchair"))
        self.languages = QLineEdit()
        self.languages.setAccessibleName(_("Walk-in languages"))
        self.languages.setPlaceholderText(_("e.g. nl, en"))
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.suggestion.setAccessibleName(_("Suggested table"))
        bold = self.suggestion.font()
        bold.setBold(True)
        self.suggestion.setFont(bold)
        self.table = QComboBox()
        self.table.setAccessibleName(_("Walk-in table"))
        self.button = QPushButton(_("&Add walk-in"))
        self.button.setAccessibleName(_("Add walk-in"))
        form.addRow(_("&First name:"), self.first)
        form.addRow(_("&Last name:"), self.last)
        form.addRow("", self.wheelchair)
        form.addRow(_("Lan&guages:"), self.languages)
        form.addRow(self.suggestion)
        form.addRow(_("&Table:"), self.table)
        form.addRow(self.button)
        self.first.returnPressed.connect(self.add)
        self.last.returnPressed.connect(self.add)
        self.button.clicked.connect(self.add)
        self.wheelchair.toggled.connect(lambda _on: self.refresh())
        self.languages.editingFinished.connect(self.refresh)
        self.languages.returnPressed.connect(self.add)
        self.table.activated.connect(self._chosen)
        self.first.textEdited.connect(lambda _t: self.ensure())
        self.last.textEdited.connect(lambda _t: self.ensure())
        self.options: tuple[checkin.TableOption, ...] = ()
        self._stale = True
        self._user_choice: int | None = None

    def _chosen(self, _index: int) -> None:
        self._user_choice = self.table.currentData()

    def invalidate(self) -> None:
        """The seats changed (a check-in, an undo): recompute now when the box is in use or the event
        is small, else when the next walk-in is typed (scanning stays quick in a big event)."""
        self._stale = True
        if self.first.text().strip() or not self.options or len(self.options) <= LAZY_ABOVE_TABLES:
            self.refresh()

    def ensure(self) -> None:
        """Recompute the suggestion if seats changed since it was made."""
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the tables for a walk-in with the ticked needs (after every check-in)."""
        if not self.ctx.has_event:
            return
        rn, wheel, langs = self.round_no(), self.wheelchair.isChecked(), self.languages.text()
        placement = self.ctx.try_read(lambda s: checkin.table_options(s, rn, wheelchair=wheel, languages=langs),
                                      on_error=lambda exc: self.suggestion.setText("⚠ " + exc.message))
        if placement is None:
            return
        self.options = placement.options
        self._stale = False
        best = placement.suggested
        self.table.clear()
        model = self.table.model()
        for o in placement.options:
            self.table.addItem(option_text(o, o is best), o.number)
            if not o.fits and isinstance(model, QStandardItemModel):
                model.item(self.table.count() - 1).setEnabled(False)
        self.table.addItem(_("No table yet (seat them later)"), None)
        if best is not None:
            self.suggestion.setText(_("Suggested: table {n}, {free}").format(n=best.number,
                                                                            free=free_seats_text(best.free)))
            self.table.setCurrentIndex(0)
        else:
            self.suggestion.setText(_("⚠ No table has a free seat that suits this person: "
                                      "add them without a table and seat them on the Plan tab."))
            self.table.setCurrentIndex(self.table.count() - 1)
        if self._user_choice is not None:  # a table the volunteer chose stays chosen while it fits
            idx = self.table.findData(self._user_choice)
            if idx >= 0 and any(o.number == self._user_choice and o.fits for o in self.options):
                self.table.setCurrentIndex(idx)

    def add(self) -> None:
        """Enter or the button: the walk-in is registered, present, at the chosen table."""
        first = self.first.text().strip()
        if not first:
            self.on_added("✗ " + _("A walk-in needs at least a first name."))
            self.first.setFocus()
            return
        self.ensure()
        table = self.table.currentData()
        edit = seating.AddWalkIn(first, self.last.text().strip(), table, self.round_no(),
                                 _("Add walk-in {name}").format(name=first),
                                 self.wheelchair.isChecked(), self.languages.text().strip())
        if self.ctx.apply(edit, {"tables", "people"}):
            self.first.clear()
            self.last.clear()
            self.languages.clear()
            self._user_choice = None
            self.wheelchair.setChecked(False)
            where = _("table {n}").format(n=table) if table else _("no table yet")
            self.on_added("✓ " + _("{name} added: {where}").format(name=first, where=where))
            self.first.setFocus(Qt.FocusReason.OtherFocusReason)
