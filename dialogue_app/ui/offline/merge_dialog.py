"""Merge table packages: pick packages, check them (a dry run lists what would change and the
conflicts), choose per conflict, merge on a worker thread (a backup is made first)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.offline import merge as merging
from dialogue_app.services.offline.merge import merge_packages
from dialogue_app.storage import backups
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.offline.package_dialog import event_file_filter

ALL_AREAS = {"event", "people", "tables", "facilitation", "commitments", "surveys", "reports", "training"}


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

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
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

    def flags(self, index: QModelIndex | QPersistentModelIndex):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.COLUMNS[index.column()] == "use":
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
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
        paths, _sel = QFileDialog.getOpenFileNames(self, _("Choose table packages"), folder, event_file_filter())
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
            return merge_packages(store, paths, dry_run=True, progress=progress, should_stop=should_stop)

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
            return merge_packages(store, paths, resolutions=resolutions, progress=progress,
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
