"""The People area: everyone of the event in one sortable, searchable table.

One :class:`~dialogue_app.ui.people_table.PeopleModel` (a ``QAbstractTableModel`` over the ``PersonRow`` DTOs
of :func:`services.people.list_people`, loaded with a single call) and one
:class:`PeopleFilter` (a ``QSortFilterProxyModel`` for sorting, the search box
and the role / attendance filters). Every change goes through an undoable edit.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import edits, people
from dialogue_app.services.events import list_dimensions
from dialogue_app.ui import dialogs as dialog_service
from dialogue_app.ui.panel import Panel
from dialogue_app.ui.people_table import ID_ROLE, PeopleFilter, PeopleModel
from dialogue_app.wording import Attendance, Role, attendance_label, role_label


class PeoplePanel(Panel):
    watches = frozenset({"people", "event", "tables"})

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("People"))
        self.model = PeopleModel(self)
        self.proxy = PeopleFilter(self)
        self.proxy.setSourceModel(self.model)

        # --- tool row: actions ----------------------------------------------------------
        self.add_button = QPushButton(_("&Add person…"))
        self.add_button.setToolTip(_("Add a person (Insert or Ctrl+Shift+N)"))
        self.edit_button = QPushButton(_("E&dit…"))
        self.edit_button.setToolTip(_("Edit the selected person (Enter)"))
        self.delete_button = QPushButton(_("De&lete"))
        self.delete_button.setToolTip(_("Delete the selected people (Delete)"))
        self.import_button = QPushButton(_("&Import…"))
        self.import_button.setToolTip(_("Import people from a CSV or Excel file (Ctrl+I)"))
        for b in (self.add_button, self.edit_button, self.delete_button, self.import_button):
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.open_import)
        from dialogue_app.ui.package_guard import IMPORT_REASON, disable_in_package

        disable_in_package(self.ctx, self.import_button, IMPORT_REASON)

        # --- filter row ---------------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Name, code or e-mail"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search people"))
        search_label = QLabel(_("Sear&ch:"))
        search_label.setBuddy(self.search)
        self.role_filter = QComboBox()
        self.role_filter.setAccessibleName(_("Show role"))
        self.role_filter.addItem(_("All roles"), None)
        for r in Role:
            self.role_filter.addItem(role_label(r), r.value)
        role_label_w = QLabel(_("&Role:"))
        role_label_w.setBuddy(self.role_filter)
        self.attendance_filter = QComboBox()
        self.attendance_filter.setAccessibleName(_("Show attendance"))
        self.attendance_filter.addItem(_("Any attendance"), None)
        for a in Attendance:
            self.attendance_filter.addItem(attendance_label(a), a.value)
        att_label = QLabel(_("A&ttendance:"))
        att_label.setBuddy(self.attendance_filter)
        self.search.textChanged.connect(self._apply_filters)
        self.role_filter.currentIndexChanged.connect(self._apply_filters)
        self.attendance_filter.currentIndexChanged.connect(self._apply_filters)

        # --- the table ------------------------------------------------------------------------
        self.view = QTableView()
        self.view.setAccessibleName(_("People list"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.activated.connect(lambda _i: self.edit_current())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())

        self.status = QLabel()
        self.status.setAccessibleName(_("People count"))
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(_("Search result"))
        self.empty.setStyleSheet("padding: 12px; font-size: 11pt;")
        self.empty.hide()

        # --- keyboard -----------------------------------------------------------------------
        self.act_add = self._shortcut([QKeySequence(Qt.Key.Key_Insert), QKeySequence("Ctrl+Shift+N")], self.add_person)
        self.act_find = self._shortcut([QKeySequence.StandardKey.Find], self.focus_search)
        # Delete only acts in the table (in the search box it deletes text)
        self.act_delete = QAction(_("Delete the selected people"), self.view)
        self.act_delete.setShortcut(QKeySequence.StandardKey.Delete)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_delete.triggered.connect(self.delete_selected)
        self.view.addAction(self.act_delete)

        # --- layout -------------------------------------------------------------------------
        top = QHBoxLayout()
        heading = QLabel("<h2>" + _("People") + "</h2>")
        top.addWidget(heading)
        top.addStretch(1)
        for b in (self.add_button, self.edit_button, self.delete_button, self.import_button):
            top.addWidget(b)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search, 2)
        filters.addSpacing(12)
        filters.addWidget(role_label_w)
        filters.addWidget(self.role_filter)
        filters.addSpacing(12)
        filters.addWidget(att_label)
        filters.addWidget(self.attendance_filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        QWidget.setTabOrder(self.search, self.role_filter)
        QWidget.setTabOrder(self.role_filter, self.attendance_filter)
        QWidget.setTabOrder(self.attendance_filter, self.view)
        QWidget.setTabOrder(self.view, self.add_button)
        QWidget.setTabOrder(self.add_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.delete_button)
        QWidget.setTabOrder(self.delete_button, self.import_button)
        self._update_actions()

    def _shortcut(self, keys, slot) -> QAction:
        act = QAction(self)
        act.setShortcuts(keys)
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    # --- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.ctx.has_event:
            return
        keep = set(self.selected_ids())
        current = self.current_id()

        def load(s):
            return people.list_people(s), list_dimensions(s)

        rows, dims = self.ctx.read(load)
        first_load = not self.model.dimensions and not self.model.rows
        self.model.load(rows, dims)
        self.proxy.resort()
        if first_load:
            self._size_columns()
        self._restore_selection(keep, current)
        self._update_status()

    def _size_columns(self) -> None:
        """Fit each column to its title and the first few hundred rows (not all: fast for 5,000)."""
        fm = self.view.fontMetrics()
        header = self.view.horizontalHeader()
        sample = self.model._texts[:300]
        for col in range(self.model.columnCount()):
            title = self.model.headerData(col, Qt.Orientation.Horizontal) or ""
            widest = max((fm.horizontalAdvance(t[col]) for t in sample), default=0)
            header.resizeSection(col, min(260, max(fm.horizontalAdvance(title) + 28, widest + 16)))

    def _restore_selection(self, ids: set[uuid.UUID], current: uuid.UUID | None) -> None:
        sel = self.view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for pid in ids:
            row = self.model.row_of(pid)
            if row >= 0:
                idx = self.proxy.mapFromSource(self.model.index(row, 0))
                if idx.isValid():
                    sel.select(idx, flags)
        if current is not None:
            row = self.model.row_of(current)
            if row >= 0:
                idx = self.proxy.mapFromSource(self.model.index(row, 0))
                if idx.isValid():
                    sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._update_actions()

    def _apply_filters(self) -> None:
        self.proxy.set_filters(self.search.text(), self.role_filter.currentData(), self.attendance_filter.currentData())
        self._update_status()

    def _update_status(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        text = ngettext("{n} person", "{n} people", total).format(n=i18n.format_number(total))
        if shown != total:
            text += ", " + ngettext("{n} shown", "{n} shown", shown).format(n=i18n.format_number(shown))
        selected = len(self.selected_ids())
        if selected > 1:
            text += ", " + ngettext("{n} selected", "{n} selected", selected).format(n=i18n.format_number(selected))
        self.status.setText(text)
        query = self.search.text().strip()
        if not total:
            self.empty.setText(_("Nobody in this event yet. Import your registration spreadsheet (Import…, "
                                 "Ctrl+I) or add people one by one (Add person…)."))
            self.empty.show()
        elif not shown:
            if query:
                self.empty.setText(_("Nobody matches “{text}”.").format(text=query) + " " + _(
                    "Try the start of a first or last name, a code or an e-mail (accents and capitals do not "
                    "matter), or show all roles and any attendance."))
            else:
                self.empty.setText(_("Nobody has this role and attendance. Show all roles and any attendance."))
            self.empty.show()
        else:
            self.empty.hide()

    def _update_actions(self) -> None:
        n = len(self.selected_ids())
        self.edit_button.setEnabled(self.current_id() is not None)
        self.delete_button.setEnabled(n > 0)
        if hasattr(self, "status"):
            self._update_status()

    # --- selection --------------------------------------------------------------------------
    def selected_ids(self) -> list[uuid.UUID]:
        sel = self.view.selectionModel()
        if sel is None:
            return []
        return [self.proxy.data(i, ID_ROLE) for i in sel.selectedRows()]

    def current_id(self) -> uuid.UUID | None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            rows = self.view.selectionModel().selectedRows()
            if not rows:
                return None
            idx = rows[0]
        return self.proxy.data(idx.siblingAtColumn(0), ID_ROLE)

    def select_person(self, person_id: uuid.UUID) -> bool:
        row = self.model.row_of(person_id)
        if row < 0:
            return False
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if not idx.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(idx)
        return True

    # --- actions ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _dialog(self, data: people.PersonData, title: str):
        from dialogue_app.ui.person_dialog import PersonDialog

        return PersonDialog(data, self.model.dimensions, title, self)

    def add_person(self) -> None:
        if not self.ctx.has_event:
            return
        self._run_dialog(self._dialog(people.new_person(), _("Add person")), new=True)

    def edit_current(self) -> None:
        pid = self.current_id()
        if pid is None:
            return
        data = self.ctx.try_read(lambda s: people.get_person(s, pid))
        if data is None:  # the person vanished (e.g. another undo): said
            return
        self._run_dialog(self._dialog(data, _("Edit person")), new=False)

    def _run_dialog(self, dlg, *, new: bool) -> bool:
        """Show the editor until the person is stored or the user cancels: a refused value
        (e.g. a code that belongs to someone else) is shown in the dialog, the input is kept."""
        while dlg.exec():
            problems: list[DialogueError] = []
            if self.save_from_dialog(dlg, new=new, on_error=problems.append):
                return True
            if not problems:
                return False
            dlg._show_problem(problems[0].message)
        return False

    def save_from_dialog(self, dlg, *, new: bool, on_error=None) -> bool:
        data = dlg.data()
        name = f"{data.first_name} {data.last_name}".strip()
        label = (_("Add {name}") if new else _("Edit {name}")).format(name=name)
        ok = self.ctx.apply(edits.SavePerson(data, label), areas={"people"}, on_error=on_error)
        if ok:
            self.select_person(data.id)
        return ok

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = []
        for pid in ids[:5]:
            r = self.model.rows[self.model.row_of(pid)]
            names.append(r.full_name or r.code)
        if len(ids) == 1:
            question = _("Delete {name}? Their table places and consents are deleted too. "
                         "You can undo this with Ctrl+Z.").format(name=names[0])
            label = _("Delete {name}").format(name=names[0])
        else:
            question = ngettext(
                "Delete {n} person ({names})? You can undo this with Ctrl+Z.",
                "Delete {n} people ({names})? You can undo this with Ctrl+Z.",
                len(ids),
            ).format(n=len(ids), names=", ".join(names) + (", …" if len(ids) > 5 else ""))
            label = ngettext("Delete {n} person", "Delete {n} people", len(ids)).format(n=len(ids))
        if not confirm(self, _("Delete people"), question):
            return
        edit: edits.Edit
        if len(ids) == 1:
            edit = edits.DeletePerson(ids[0], label)
        else:
            edit = edits.Composite(tuple(edits.DeletePerson(pid, label) for pid in ids), label)
        self.ctx.apply(edit, areas={"people", "tables"})

    def open_import(self):
        win = self.window()
        if hasattr(win, "import_people"):
            return win.import_people()
        from dialogue_app.ui.importing.wizard import open_import_wizard

        return open_import_wizard(self.ctx, win)


#: The key of a yes/no question asked with :func:`confirm` (tests answer it in ``Unattended.answers``).
CONFIRM_KEY = "confirm"


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """A yes/no question through the dialog service (No is the default button)."""
    return dialog_service.current().confirm(parent, title, question, key=CONFIRM_KEY, unattended=False)
