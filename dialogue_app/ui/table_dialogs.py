"""The forms of the Tables and venues editor: add tables (many at once), edit a table,
add or edit a venue. Each builds an undoable edit and applies it through the
AppContext; a problem is shown in the form and nothing changes."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import events
from dialogue_app.services.seating import table_edits as te

#: the area announced after a change (the Event screen watches it for its tables line)
AREAS = ("tables",)  # not "event": that would reload (and lose) unsaved event settings
NEW_VENUE = "new"


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(_("Problem"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class _Form(QDialog):
    """A form with OK/Cancel whose OK applies ``edit()`` and closes only when it worked."""

    def __init__(self, ctx, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.problem = _problem_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.problem)
        lay.addWidget(self.buttons)

    def _row(self, label: str, widget: QWidget, name: str) -> None:
        widget.setAccessibleName(name)
        self.form.addRow(label, widget)

    def edit(self):  # pragma: no cover - each form has its own
        raise NotImplementedError

    def save(self) -> bool:
        try:
            edit = self.edit()
        except DialogueError as exc:
            self._show(exc)
            return False
        if self.ctx.apply(edit, AREAS, on_error=self._show):
            self.accept()
            return True
        return False

    def _show(self, exc: DialogueError) -> None:
        self.problem.setText("⚠ " + _("Not saved:") + " " + exc.message)
        self.problem.show()


class TableForm(_Form):
    """Add ``count`` tables (``table_id`` None) or edit one table."""

    def __init__(self, ctx, parent: QWidget | None = None, *, table_id: uuid.UUID | None = None,
                 number: int = 0) -> None:
        self.table_id = table_id
        self.number = number
        title = _("Add tables") if table_id is None else _("Table {number}").format(number=number)
        super().__init__(ctx, title, parent)
        settings, venues, suggestion, fields = ctx.read(lambda s: (
            events.get_settings(s), te.list_venues(s), te.suggest_tables(s),
            te.table_fields(s, table_id) if table_id is not None else None))
        #: the table's version as shown: saving over someone else's later change is refused
        self.seen_version = fields.row_version if fields is not None else 0
        self.count = QSpinBox()
        self.count.setRange(1, te.MAX_ADD)
        self.suggestion = QLabel(suggestion.text())
        self.suggestion.setWordWrap(True)
        self.suggestion.setAccessibleName(_("Suggested number of tables"))
        self.venue = QComboBox()
        self.venue.addItem(_("No venue"), None)
        for v in venues:
            self.venue.addItem(v.name, v.id)
        self.new_name, self.new_address = QLineEdit(), QLineEdit()
        self.new_address.setPlaceholderText(_("Street, number, town"))
        self.size_min, self.size_max = QSpinBox(), QSpinBox()
        for box in (self.size_min, self.size_max):
            box.setRange(1, te.MAX_CAPACITY)
        self.accessible = QCheckBox(_("&Wheelchair accessible"))
        self.languages = QLineEdit()
        self.languages.setPlaceholderText(_("e.g. nl, fr, en"))
        self.interpreter = QCheckBox(_("An in&terpreter sits at the table"))
        self.training = QCheckBox(_("T&raining table (two facilitators)"))
        self.name = QLineEdit()
        sizes = QHBoxLayout()
        sizes.setContentsMargins(0, 0, 0, 0)
        for text, box, name in ((_("m&in"), self.size_min, _("Minimum people per table")),
                                (_("ma&x"), self.size_max, _("Maximum people per table"))):
            label = QLabel(text)
            label.setBuddy(box)
            box.setAccessibleName(name)
            sizes.addWidget(label)
            sizes.addWidget(box)
        sizes.addStretch(1)
        if table_id is None:
            self._row(_("&Number of tables:"), self.count, _("Number of tables"))
            self.form.addRow("", self.suggestion)
            self.venue.addItem(_("New venue…"), NEW_VENUE)
        self._row(_("&Venue:"), self.venue, _("Venue"))
        if table_id is None:
            self._row(_("New venue nam&e:"), self.new_name, _("New venue name"))
            self._row(_("New venue &address:"), self.new_address, _("New venue address"))
        self.form.addRow(_("People per table:"), sizes)
        self._row(_("&Languages:"), self.languages, _("Languages spoken at the table"))
        if table_id is not None:
            self._row(_("Na&me (optional):"), self.name, _("Table name"))
        for check in (self.accessible, self.interpreter, self.training):
            self.form.addRow("", check)
        self.venue.currentIndexChanged.connect(self._venue_changed)
        if fields is None:
            self.count.setValue(suggestion.to_add)
            self.size_min.setValue(settings.table_size_min)
            self.size_max.setValue(settings.table_size_max)
            self.languages.setText(settings.language)
        else:
            self.venue.setCurrentIndex(max(0, self.venue.findData(fields.venue_id)))
            self.size_min.setValue(fields.capacity_min)
            self.size_max.setValue(fields.capacity_max)
            self.languages.setText(", ".join(fields.languages.split(",")) if fields.languages else "")
            self.accessible.setChecked(fields.accessible)
            self.interpreter.setChecked(fields.has_interpreter)
            self.training.setChecked(fields.is_training)
            self.name.setText(fields.name)
        self._venue_changed()
        self.count.selectAll()

    def _venue_changed(self, *_args) -> None:
        new = self.venue.currentData() == NEW_VENUE
        for w in (self.new_name, self.new_address):
            w.setEnabled(new)
        if new:
            self.new_name.setFocus()

    def fields(self, venue_id: uuid.UUID | None) -> te.TableFields:
        return te.TableFields(
            venue_id=venue_id, capacity_min=self.size_min.value(), capacity_max=self.size_max.value(),
            accessible=self.accessible.isChecked(), languages=self.languages.text(),
            has_interpreter=self.interpreter.isChecked(), is_training=self.training.isChecked(),
            name=self.name.text(), row_version=self.seen_version)

    def edit(self):
        if self.table_id is not None:
            return te.EditTable(self.table_id, self.fields(self.venue.currentData()),
                                _("Edit table {number}").format(number=self.number))
        n = self.count.value()
        label = ngettext("Add {n} table", "Add {n} tables", n).format(n=n)
        if self.venue.currentData() == NEW_VENUE:
            venue = te.VenueData(uuid.uuid4(), self.new_name.text(), self.new_address.text(),
                                 accessible=self.accessible.isChecked())
            return te.add_tables_edit(n, self.fields(venue.id), label, venue)
        return te.add_tables_edit(n, self.fields(self.venue.currentData()), label)


class VenueForm(_Form):
    """Add a venue (``venue`` None) or change one: name, address, accessibility."""

    def __init__(self, ctx, parent: QWidget | None = None, *, venue: te.VenueInfo | None = None) -> None:
        super().__init__(ctx, _("Add venue") if venue is None else _("Venue {name}").format(name=venue.name),
                         parent)
        self.venue_id = venue.id if venue is not None else uuid.uuid4()
        self.is_new = venue is None
        #: the version the form was filled from: saving over someone else's later change asks first
        self.seen_version = venue.row_version if venue is not None else 0
        self.name, self.address = QLineEdit(), QLineEdit()
        self.address.setPlaceholderText(_("Street, number, town"))
        self.accessible = QCheckBox(_("&Wheelchair accessible (entrance, toilets)"))
        self._row(_("&Name:"), self.name, _("Venue name"))
        self._row(_("&Address:"), self.address, _("Venue address"))
        self.form.addRow("", self.accessible)
        self.accessible.setChecked(True if venue is None else venue.accessible)
        if venue is not None:
            self.name.setText(venue.name)
            self.address.setText(venue.address)
        self.setMinimumWidth(460)

    def edit(self):
        data = te.VenueData(self.venue_id, self.name.text(), self.address.text(), self.accessible.isChecked(),
                            row_version=self.seen_version)
        label = _("Add venue {name}") if self.is_new else _("Edit venue {name}")
        return te.SaveVenue(data, label.format(name=data.name.strip()))
