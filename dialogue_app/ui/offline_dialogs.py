"""Dialogs for working offline: make a table package, merge packages back, restore a backup.

Reached from the File menu of the main window. They only call
:mod:`dialogue_app.offline` and :mod:`dialogue_app.backups`; long work runs
through ``ctx.run_task`` (worker thread, progress, Cancel).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import EVENT_SUFFIX, i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.offline import merge as merging
from dialogue_app.offline.package import make_package, make_packages, packable_tables
from dialogue_app.storage import backups
from dialogue_app.ui.context import AppContext

ALL_AREAS = {"event", "people", "tables", "facilitation", "commitments", "surveys", "reports", "training"}


def _file_filter() -> str:
    return _("Event files (*.dialogue)")


# --- package -----------------------------------------------------------------------------


class PackageDialog(QDialog):
    """Choose tables, contact details and a file name; writes the package on a worker thread."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_path: Path | None = None
        self.setWindowTitle(_("Make a table package"))
        self.setAccessibleName(self.windowTitle())
        lay = QVBoxLayout(self)
        intro = QLabel(_("A table package is an event file with only what the chosen tables need: their people "
                         "(first names and codes), seats, the plan, the script and the survey. Facilitators work in "
                         "it offline; merge it back afterwards with File > Merge packages."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        label = QLabel(_("&Tables:"))
        self.tables = QListWidget()
        self.tables.setAccessibleName(_("Tables to package"))
        label.setBuddy(self.tables)
        lay.addWidget(label)
        lay.addWidget(self.tables, 1)
        for t in ctx.read(packable_tables):
            text = _("Table {n}").format(n=t.number)
            if t.name:
                text += f" – {t.name}"
            if t.venue:
                text += f" ({t.venue})"
            text += "  · " + ngettext("{n} person seated", "{n} people seated", t.seated).format(n=t.seated)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, t.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.tables.addItem(item)
        picks = QHBoxLayout()
        self.all_button = QPushButton(_("Select &all"))
        self.none_button = QPushButton(_("Select n&one"))
        for b, on in ((self.all_button, True), (self.none_button, False)):
            b.setAccessibleName(b.text().replace("&", ""))
            b.clicked.connect(lambda _c=False, on=on: self.set_chosen(
                [self.tables.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.tables.count())] if on
                else []))
            picks.addWidget(b)
        picks.addStretch(1)
        lay.addLayout(picks)
        self.each = QCheckBox(_("One package &per table, all into one folder"))
        self.each.setAccessibleName(_("One package per table"))
        self.each.setToolTip(_("For handing each facilitator the package of their own table."))
        self.each.toggled.connect(self._each_toggled)
        lay.addWidget(self.each)
        self.result_paths: list[Path] = []
        self.contacts = QCheckBox(_("Include &contact details (last names, e-mail addresses, phone numbers)"))
        self.contacts.setAccessibleName(_("Include contact details"))
        lay.addWidget(self.contacts)
        row = QHBoxLayout()
        out_label = self.out_label = QLabel(_("&Save as:"))
        self.output = QLineEdit()
        self.output.setAccessibleName(_("Package file"))
        out_label.setBuddy(self.output)
        browse = QPushButton(_("&Browse…"))
        browse.setAccessibleName(_("Choose the package file"))
        browse.clicked.connect(self._browse)
        row.addWidget(out_label)
        row.addWidget(self.output, 1)
        row.addWidget(browse)
        lay.addLayout(row)
        self.tables.itemChanged.connect(lambda _i: self._suggest())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Make package"))
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._suggested = ""
        self._suggest()
        self.resize(560, 480)

    def chosen(self) -> list[int]:
        return [
            self.tables.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.tables.count())
            if self.tables.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, numbers: list[int]) -> None:
        for i in range(self.tables.count()):
            item = self.tables.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in numbers
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _suggest(self) -> None:
        if self.output.text() and self.output.text() != self._suggested:
            return  # the user typed their own name
        numbers = self.chosen()
        stem = self.ctx.path.stem if self.ctx.path else "event"
        if self.each.isChecked():
            self._suggested = str(self.ctx.path.with_name(_("{name} – table packages").format(name=stem)))
            self.output.setText(self._suggested)
            return
        tag = "-".join(str(n) for n in numbers[:6]) or "x"
        self._suggested = str(self.ctx.path.with_name(f"{stem} – " + _("table {n}").format(n=tag) + EVENT_SUFFIX))
        self.output.setText(self._suggested)

    def _each_toggled(self, on: bool) -> None:
        self.out_label.setText(_("&Folder:") if on else _("&Save as:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Make packages") if on
                                                                        else _("&Make package"))
        self.output.setAccessibleName(_("Folder for the packages") if on else _("Package file"))
        if self.output.text() == self._suggested:
            self.output.clear()
        self._suggest()

    def _browse(self) -> None:
        if self.each.isChecked():
            folder = QFileDialog.getExistingDirectory(self, _("Choose the folder for the packages"),
                                                      str(Path(self.output.text()).parent))
            if folder:
                self.output.setText(folder)
            return
        path, _sel = QFileDialog.getSaveFileName(self, _("Save the package as"), self.output.text(), _file_filter())
        if path:
            self.output.setText(path)

    def make(self) -> None:
        numbers = self.chosen()
        if not numbers:
            self.ctx.report_error(DialogueError(_("Choose at least one table to put in the package.")), self)
            return
        out = Path(self.output.text().strip())
        if not self.output.text().strip():
            self.ctx.report_error(DialogueError(_("Choose where to save the package.")), self)
            return
        store, contacts = self.ctx.store, self.contacts.isChecked()
        if self.each.isChecked():
            self._make_each(numbers, out)
            return

        def work(progress, should_stop):
            return make_package(store, numbers, out, with_contacts=contacts, overwrite=True, progress=progress)

        def done(result) -> None:
            self.result_path = result.path
            self.ctx.status_message.emit(
                ngettext("Wrote the package {path} ({people} person).", "Wrote the package {path} ({people} people).",
                         result.people).format(path=result.path, people=result.people)
            )
            self.accept()

        self.ctx.run_task(_("Writing the table package…"), work, done, parent=self)


    def _make_each(self, numbers: list[int], folder: Path) -> None:
        """One package per chosen table into ``folder``, on a worker thread with progress and Cancel."""
        store, contacts = self.ctx.store, self.contacts.isChecked()

        def work(progress, should_stop):
            return make_packages(store, numbers, folder, with_contacts=contacts, overwrite=True, progress=progress,
                                 should_stop=should_stop)

        def done(results) -> None:
            self.result_paths = [r.path for r in results]
            self.result_path = folder
            self.ctx.status_message.emit(ngettext(
                "Wrote {n} table package into {folder}.", "Wrote {n} table packages into {folder}.", len(results))
                .format(n=len(results), folder=folder))
            self.accept()

        self.ctx.run_task(_("Writing the table packages…"), work, done, parent=self)


# --- merge -------------------------------------------------------------------------------


@dataclass
class _ConflictRow:
    conflict: merging.Conflict
    take_theirs: bool = False


class ConflictModel(QAbstractTableModel):
    """Conflicts of a merge; the last column is a check box "use the package's value"."""

    COLUMNS = ("record", "field", "here", "package", "use")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[_ConflictRow] = []

    def set_conflicts(self, conflicts: list[merging.Conflict]) -> None:
        self.beginResetModel()
        self.rows = [_ConflictRow(c) for c in conflicts]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Record"), _("Field"), _("In this file"), _("In the package"), _("Use the package's value"))[
                section]
        return None

    @staticmethod
    def _value(c: merging.Conflict, side: str) -> str:
        if c.kind == merging.DELETED_HERE:
            return _("deleted") if side == "ours" else _("changed")
        if c.kind == merging.DELETED_THERE:
            return _("changed") if side == "ours" else _("deleted")
        value = c.ours if side == "ours" else c.theirs
        return "" if value is None else str(value)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        c = row.conflict
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "record":
                return f"{c.label}  ({c.package})"
            if col == "field":
                return _("whole record") if c.column == merging.ROW else c.column
            if col == "here":
                return self._value(c, "ours")
            if col == "package":
                return self._value(c, "theirs")
            if col == "use":
                return _("package") if row.take_theirs else _("this file")
        if role == Qt.ItemDataRole.CheckStateRole and col == "use":
            return Qt.CheckState.Checked if row.take_theirs else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.describe()
        return None

    def flags(self, index: QModelIndex):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.COLUMNS[index.column()] == "use":
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and self.COLUMNS[index.column()] == "use":
            state = value.value if hasattr(value, "value") else value
            self.rows[index.row()].take_theirs = state == Qt.CheckState.Checked.value
            self.dataChanged.emit(index, index)
            return True
        return False

    def set_all(self, take_theirs: bool) -> None:
        for r in self.rows:
            r.take_theirs = take_theirs
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1))

    def resolutions(self) -> dict:
        return {r.conflict.key: merging.THEIRS if r.take_theirs else merging.OURS for r in self.rows}


class MergeDialog(QDialog):
    """Pick packages, check them (a dry run lists conflicts), choose per conflict, merge."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths: list[Path] = []
        self.report: merging.MergeReport | None = None
        self.setWindowTitle(_("Merge table packages"))
        self.setAccessibleName(self.windowTitle())
        lay = QVBoxLayout(self)
        intro = QLabel(_("Brings back everything recorded in table packages. Merging the same package again "
                         "changes nothing. Records changed both here and in a package are listed below: "
                         "choose which value to keep."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        row = QHBoxLayout()
        self.files = QListWidget()
        self.files.setAccessibleName(_("Packages to merge"))
        self.files.setMaximumHeight(110)
        add = QPushButton(_("&Add packages…"))
        add.setAccessibleName(_("Add packages"))
        add.clicked.connect(self._choose)
        row.addWidget(self.files, 1)
        row.addWidget(add, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(row)
        self.summary = QLabel(_("Add the package files handed in by the facilitators."))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Merge summary"))
        lay.addWidget(self.summary)
        self.model = ConflictModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(proxy)
        self.view.setSortingEnabled(True)
        self.view.setAccessibleName(_("Conflicts"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # the choice column keeps its whole heading ("Waarde van het pakket gebruiken")
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.view, 1)
        choices = QHBoxLayout()
        self.all_ours = QPushButton(_("Keep all values of &this file"))
        self.all_ours.clicked.connect(lambda: self.model.set_all(False))
        self.all_theirs = QPushButton(_("Use all values of the &packages"))
        self.all_theirs.clicked.connect(lambda: self.model.set_all(True))
        for b in (self.all_ours, self.all_theirs):
            b.setAccessibleName(b.text().replace("&", ""))
            choices.addWidget(b)
        choices.addStretch(1)
        lay.addLayout(choices)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(_("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setAccessibleName(_("Merge"))
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._update_buttons()
        self.resize(900, 560)

    def _choose(self) -> None:
        folder = str(self.ctx.path.parent) if self.ctx.path else ""
        paths, _sel = QFileDialog.getOpenFileNames(self, _("Choose table packages"), folder, _file_filter())
        if paths:
            self.add_packages([Path(p) for p in paths])

    def add_packages(self, paths: list[Path]) -> None:
        for p in paths:
            if p not in self.paths:
                self.paths.append(p)
                self.files.addItem(str(p))
        self.check()

    def _update_buttons(self) -> None:
        has = bool(self.model.rows)
        self.all_ours.setEnabled(has)
        self.all_theirs.setEnabled(has)

    def check(self) -> None:
        """A dry run: what would change, and the conflicts to decide."""
        store, paths = self.ctx.store, list(self.paths)

        def work(progress, should_stop):
            return merging.merge_packages(store, paths, dry_run=True, progress=progress, should_stop=should_stop)

        def done(report: merging.MergeReport) -> None:
            self.report = report
            self.model.set_conflicts(list(report.conflicts))
            text = _("Would add {inserted}, update {updated} and delete {deleted} records.").format(
                inserted=report.inserted, updated=report.updated, deleted=report.deleted)
            if report.conflicts:
                text += " " + ngettext(
                    "{n} record was changed both here and in a package: choose below.",
                    "{n} records were changed both here and in a package: choose below.",
                    len(report.conflicts)).format(n=len(report.conflicts))
            if report.kept:
                text += " " + ngettext(
                    "{n} record deleted in a package will be kept here.",
                    "{n} records deleted in packages will be kept here.", len(report.kept)).format(n=len(report.kept))
            if report.ignored:  # tampered packages: say which records stay out
                text += "\n" + ngettext(
                    "{n} record of a package will be ignored (changed outside the app or outside its tables):",
                    "{n} records of packages will be ignored (changed outside the app or outside their tables):",
                    len(report.ignored)).format(n=len(report.ignored))
                text += "\n" + "\n".join(report.ignored[:12]) + ("\n…" if len(report.ignored) > 12 else "")
            self.summary.setText(text)
            self.merge_button.setEnabled(True)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.merge_button.setEnabled(False)
            self.summary.setText(str(exc) if isinstance(exc, DialogueError) else _("The packages could not be read."))
            self.ctx.report_error(exc, self)

        self.ctx.run_task(_("Reading the packages…"), work, done, on_error=failed, parent=self)

    def merge(self) -> None:
        store, paths, resolutions = self.ctx.store, list(self.paths), self.model.resolutions()

        keep = self.ctx.settings.backups_kept

        def work(progress, should_stop):
            backups.make_backup(store, keep=keep, label="before-merge")
            return merging.merge_packages(store, paths, resolutions=resolutions, progress=progress,
                                          should_stop=should_stop)

        def done(report: merging.MergeReport) -> None:
            self.report = report
            self.ctx.undo_stack.clear()  # earlier undo steps may no longer fit the merged data
            self.ctx.data_changed.emit(set(ALL_AREAS))
            self.ctx.status_message.emit(
                _("Merged: added {inserted}, updated {updated}, deleted {deleted} records.").format(
                    inserted=report.inserted, updated=report.updated, deleted=report.deleted))
            self.accept()

        self.ctx.run_task(_("Merging the packages…"), work, done, parent=self)


# --- backups -----------------------------------------------------------------------------


class BackupModel(QAbstractTableModel):
    def __init__(self, items: list[backups.BackupInfo], parent=None) -> None:
        super().__init__(parent)
        self.items = items

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Taken"), _("Size"), _("Kind"))[section]
        return None

    @staticmethod
    def kind(label: str) -> str:
        return {"open": _("when the event was opened"), "before-restore": _("before a restore"),
                "before-merge": _("before merging packages")}.get(label, label)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        b = self.items[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(b.path)
        if index.column() == 0:
            return f"{i18n.format_date(b.taken_at.date(), 'short')} {i18n.format_time(b.taken_at, 'medium')}"
        if index.column() == 1:
            return _("{n} KB").format(n=i18n.format_number(max(1, b.size // 1024)))
        return self.kind(b.label)


class RestoreBackupDialog(QDialog):
    """Lists the backups of the open event; restoring keeps a copy of the current file first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.event_path = ctx.path
        self.setWindowTitle(_("Restore a backup"))
        self.setAccessibleName(self.windowTitle())
        lay = QVBoxLayout(self)
        info = QLabel(_("A backup is made each time the event is opened; the newest {n} are kept (Settings). "
                        "Restoring replaces the event by the chosen backup; the current file is kept as a backup "
                        "first.").format(n=ctx.settings.backups_kept))
        info.setWordWrap(True)
        lay.addWidget(info)
        self.model = BackupModel(backups.list_backups(self.event_path) if self.event_path else [], self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Backups"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        lay.addWidget(self.view, 1)
        if self.model.items:
            self.view.selectRow(0)
        else:
            lay.addWidget(QLabel(_("There are no backups of this event yet.")))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(_("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName(_("Restore the chosen backup"))
        self.restore_button.setEnabled(bool(self.model.items))
        self.restore_button.clicked.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(560, 380)

    def selected(self) -> backups.BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.items[rows[0].row()] if rows else None

    def restore(self, *, confirm: bool = True) -> bool:
        chosen = self.selected()
        if chosen is None or self.event_path is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self, _("Restore a backup"),
                _("Replace the event by the backup of {when}? The current file is kept as a backup.").format(
                    when=self.model.data(self.model.index(self.model.items.index(chosen), 0))),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        path = self.event_path
        self.ctx.close_event()
        try:
            try:
                backups.restore_backup(path, chosen.path)
            except backups.NotThisEventsBackup as exc:
                answer = QMessageBox.question(self, _("Restore a backup"), exc.message + "\n\n" + _("Restore it anyway?"))
                if answer != QMessageBox.StandardButton.Yes:
                    self.ctx.open_event(path)
                    return False
                backups.restore_backup(path, chosen.path, force=True)
        except DialogueError as exc:
            self.ctx.report_error(exc, self)
            self.ctx.open_event(path)
            return False
        self.ctx.open_event(path)
        self.ctx.status_message.emit(_("Restored the backup; the previous file is kept as a backup."))
        self.accept()
        return True


def ask_backups_kept(ctx: AppContext, parent: QWidget | None = None) -> int | None:
    """Settings > Backups kept…: how many automatic backups of each event to keep."""
    from dialogue_app import settings

    value, ok = QInputDialog.getInt(
        parent, _("Backups kept"),
        _("How many automatic backups of each event to keep (one is made each time an event is opened):"),
        ctx.settings.backups_kept, 1, 100,
    )
    if not ok:
        return None
    ctx.settings.backups_kept = value
    try:
        settings.save(ctx.settings)
    except OSError as exc:
        ctx.report_error(DialogueError(_("The settings could not be saved: {error}").format(error=exc)), parent)
    return value
