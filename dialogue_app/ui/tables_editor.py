"""The Tables and venues editor: the event's tables (number, venue, capacity, accessible,
languages, interpreter, training) and venues (name, address); add many tables at once
with the number suggested from the people coming, edit (double-click or Enter), remove
(Delete, after saying what is lost). Every change is one step of Edit ▸ Undo.

Opened from the Event screen and from the Tables screen's empty state; one editor per
main window, non-modal so the rest of the app (and its Edit menu) stays usable."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import tables as tables_service
from dialogue_app.services.seating import table_edits as te
from dialogue_app.ui.panel import name_buttons
from dialogue_app.ui.table_dialogs import AREAS, TableForm, VenueForm

#: The key of the editor's yes/no questions (tests answer it in ``Unattended.answers``).
CONFIRM_KEY = "tables-editor.confirm"


def overview_text(ov: te.TablesOverview) -> str:
    """"No tables yet" or "17 tables, 102–136 seats"."""
    if ov.tables == 0:
        return _("No tables yet")
    return ngettext("{n} table, {lo}–{hi} seats", "{n} tables, {lo}–{hi} seats", ov.tables).format(
        n=ov.tables, lo=ov.seats_min, hi=ov.seats_max)


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _table_widget(headers: list[str], name: str) -> QTableWidget:
    w = QTableWidget(0, len(headers))
    w.setHorizontalHeaderLabels(headers)
    w.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    w.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    w.setTabKeyNavigation(False)  # Tab leaves the list (arrow keys move inside it)
    w.verticalHeader().hide()
    w.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    w.horizontalHeader().setStretchLastSection(True)
    w.setAccessibleName(name)
    return w


def _item(text: str, data=None) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    return it


class TablesEditor(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form: QDialog | None = None  # the add/edit form open now (tests reach it here)
        self.last_question = ""
        self.setWindowTitle(_("Tables and venues"))
        self.setAccessibleName(_("Tables and venues"))
        self.overview = QLabel()
        self.overview.setAccessibleName(_("Tables overview"))
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.suggestion.setAccessibleName(_("Suggested number of tables"))

        self.tables = _table_widget([_("No."), _("Venue"), _("People"), _("Accessible"), _("Languages"),
                                     _("Interpreter"), _("Training"), _("Name")], _("Tables"))
        self.add_button = QPushButton(_("&Add tables…"))
        self.edit_button = QPushButton(_("&Edit table…"))
        self.remove_button = QPushButton(_("&Remove tables"))
        self.edit_button.setToolTip(_("Or double-click a table, or press Enter"))
        self.remove_button.setToolTip(_("Or press Delete"))
        tables_box = QGroupBox(_("&Tables"))
        tables_box.setAccessibleName(_("Tables"))
        tl = QVBoxLayout(tables_box)
        tl.addWidget(self.overview)
        tl.addWidget(self.suggestion)
        tl.addWidget(self.tables, 1)
        tl.addLayout(self._buttons(self.add_button, self.edit_button, self.remove_button))

        self.venues = _table_widget([_("Venue"), _("Address"), _("Accessible"), _("Tables")], _("Venues"))
        self.add_venue_button = QPushButton(_("Add &venue…"))
        self.edit_venue_button = QPushButton(_("Edit ven&ue…"))
        self.remove_venue_button = QPushButton(_("Remove venu&e"))
        venues_box = QGroupBox(_("Venue&s"))
        venues_box.setAccessibleName(_("Venues"))
        vl = QVBoxLayout(venues_box)
        vl.addWidget(self.venues, 1)
        vl.addLayout(self._buttons(self.add_venue_button, self.edit_venue_button, self.remove_venue_button))

        self.undo_button = QPushButton(_("Undo"))
        self.redo_button = QPushButton(_("Redo"))
        self.undo_button.clicked.connect(ctx.undo_stack.undo)
        self.redo_button.clicked.connect(ctx.undo_stack.redo)
        ctx.undo_stack.canUndoChanged.connect(self._update_buttons)
        ctx.undo_stack.canRedoChanged.connect(self._update_buttons)
        for keys, slot in ((QKeySequence.StandardKey.Undo, ctx.undo_stack.undo),
                           (QKeySequence.StandardKey.Redo, ctx.undo_stack.redo)):
            act = QAction(self)
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(slot)
            self.addAction(act)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.redo_button)
        bottom.addStretch(1)
        bottom.addWidget(close)

        lay = QVBoxLayout(self)
        lay.addWidget(tables_box, 3)
        lay.addWidget(venues_box, 2)
        lay.addLayout(bottom)

        self.add_button.clicked.connect(self.add_tables)
        self.edit_button.clicked.connect(self.edit_table)
        self.remove_button.clicked.connect(self.remove_tables)
        self.add_venue_button.clicked.connect(self.add_venue)
        self.edit_venue_button.clicked.connect(self.edit_venue)
        self.remove_venue_button.clicked.connect(self.remove_venue)
        self.tables.itemDoubleClicked.connect(lambda _it: self.edit_table())
        self.venues.itemDoubleClicked.connect(lambda _it: self.edit_venue())
        self._keys = {self.tables: (self.edit_table, self.remove_tables),
                      self.venues: (self.edit_venue, self.remove_venue)}
        for widget in self._keys:
            widget.installEventFilter(self)
            widget.itemSelectionChanged.connect(self._update_buttons)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.event_closed.connect(self.close)
        for b in self.findChildren(QPushButton):  # Enter in a list edits; it never presses a button
            b.setAutoDefault(False)
            b.setDefault(False)
        name_buttons(self)
        self.resize(1000, 640)
        self.refresh()

    def eventFilter(self, obj, event) -> bool:
        if obj in self._keys and event.type() == QEvent.Type.KeyPress and not event.modifiers():
            edit, remove = self._keys[obj]
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                edit()
                return True
            if event.key() == Qt.Key.Key_Delete:
                remove()
                return True
        return super().eventFilter(obj, event)

    @staticmethod
    def _buttons(*buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        return row

    # --- showing ---------------------------------------------------------------------------
    def _on_data_changed(self, areas: set[str]) -> None:
        if self.isVisible() and {"tables", "event", "people"} & set(areas):
            self.refresh()

    def refresh(self) -> None:
        if not self.ctx.has_event:
            return
        rows, venues, ov, sug = self.ctx.read(lambda s: (
            tables_service.list_tables(s), te.list_venues(s), te.overview(s), te.suggest_tables(s)))
        self.overview.setText("<b>" + overview_text(ov) + "</b>")
        self.suggestion.setText(_("For the people registered: {suggestion}.").format(suggestion=sug.text())
                                if sug.people else sug.text())
        keep = set(self.selected_tables())
        self.tables.setRowCount(len(rows))
        for r, t in enumerate(rows):
            cells = (str(t.number), t.venue, f"{t.capacity_min}–{t.capacity_max}", yes_no(t.accessible),
                     t.languages.replace(",", ", "), yes_no(t.has_interpreter), yes_no(t.is_training), t.name)
            for c, text in enumerate(cells):
                self.tables.setItem(r, c, _item(text, (t.id, t.number) if c == 0 else None))
            if t.id in keep:
                self.tables.selectRow(r)
        self.venues.setRowCount(len(venues))
        for r, v in enumerate(venues):
            for c, text in enumerate((v.name, v.address, yes_no(v.accessible), str(v.tables))):
                self.venues.setItem(r, c, _item(text, v if c == 0 else None))
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        n = len(self.selected_tables())
        self.edit_button.setEnabled(n == 1)
        self.remove_button.setEnabled(n > 0)
        has_venue = self.selected_venue() is not None
        self.edit_venue_button.setEnabled(has_venue)
        self.remove_venue_button.setEnabled(has_venue)
        self.undo_button.setEnabled(self.ctx.undo_stack.canUndo())
        self.redo_button.setEnabled(self.ctx.undo_stack.canRedo())

    def selected_tables(self) -> list[tuple[uuid.UUID, int]]:
        rows = sorted({i.row() for i in self.tables.selectionModel().selectedRows()})
        return [item.data(Qt.ItemDataRole.UserRole) for r in rows if (item := self.tables.item(r, 0))]

    def selected_venue(self) -> te.VenueInfo | None:
        rows = self.venues.selectionModel().selectedRows()
        if len(rows) != 1:
            return None
        item = self.venues.item(rows[0].row(), 0)
        if item is None:
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    # --- changing --------------------------------------------------------------------------
    def _open(self, form: QDialog) -> QDialog:
        self.form = form
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.destroyed.connect(lambda *_a: setattr(self, "form", None) if self.form is form else None)
        name_buttons(form)
        form.open()
        return form

    def add_tables(self) -> QDialog:
        return self._open(TableForm(self.ctx, self))

    def edit_table(self) -> QDialog | None:
        sel = self.selected_tables()
        if len(sel) != 1:
            return None
        tid, number = sel[0]
        return self._open(TableForm(self.ctx, self, table_id=tid, number=number))

    def remove_tables(self) -> None:
        sel = self.selected_tables()
        if not sel:
            return
        ids = [tid for tid, _n in sel]
        numbers = ", ".join(str(n) for _t, n in sel)
        seated, sitting = self.ctx.read(lambda s: (te.people_seated(s, ids), te.people_sitting(s, ids)))
        question = ngettext("Remove table {numbers}?", "Remove tables {numbers}?", len(sel)).format(numbers=numbers)
        if seated:
            question += " " + ngettext(
                "{n} person has a seat there and will lose it (they can be planned again).",
                "{n} people have a seat there and will lose it (they can be planned again).", seated).format(n=seated)
        if sitting:
            question += " " + ngettext("{n} of them has checked in and is sitting there now.",
                                       "{n} of them have checked in and are sitting there now.", sitting).format(n=sitting)
        question += " " + _("Edit ▸ Undo brings it back.")
        if not self.confirm(_("Remove tables"), question):
            return
        label = ngettext("Remove table {numbers}", "Remove tables {numbers}", len(sel)).format(numbers=numbers)
        self.ctx.apply(te.RemoveTables(tuple(ids), label), AREAS)

    def add_venue(self) -> QDialog:
        return self._open(VenueForm(self.ctx, self))

    def edit_venue(self) -> QDialog | None:
        v = self.selected_venue()
        return None if v is None else self._open(VenueForm(self.ctx, self, venue=v))

    def remove_venue(self) -> None:
        v = self.selected_venue()
        if v is None:
            return
        question = _("Remove the venue “{name}”?").format(name=v.name)
        if v.tables:
            question += " " + ngettext(
                "{n} table stands there; it stays, without a venue.",
                "{n} tables stand there; they stay, without a venue.", v.tables).format(n=v.tables)
        if not self.confirm(_("Remove venue"), question):
            return
        self.ctx.apply(te.RemoveVenue(v.id, _("Remove venue {name}").format(name=v.name)), AREAS)

    def confirm(self, title: str, question: str) -> bool:
        self.last_question = question
        return self.ctx.dialogs.confirm(self, title, question, key=CONFIRM_KEY, unattended=False)


def open_tables_editor(ctx, parent: QWidget, *, add: bool = False) -> TablesEditor:
    """Show the main window's editor (made the first time), and its Add tables form when ``add``."""
    window = parent.window()
    editor = getattr(window, "_tables_editor", None)
    if editor is None:
        editor = TablesEditor(ctx, window)
        window._tables_editor = editor  # type: ignore[attr-defined]  # kept on whichever top-level window
    editor.refresh()
    editor.show()
    editor.raise_()
    editor.activateWindow()
    editor.tables.setFocus()
    if add:
        editor.add_tables()
    return editor
