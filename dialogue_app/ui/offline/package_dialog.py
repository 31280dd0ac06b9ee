"""Make a table package: choose tables, contact details and a file name (or a folder for one package
per table); the package is written on a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import EVENT_SUFFIX
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services.offline.package import make_package, make_packages, packable_tables
from dialogue_app.ui.context import AppContext


def event_file_filter() -> str:
    return _("Event files (*.dialogue)")


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
        path = self.ctx.path
        assert path is not None  # the dialog opens only with an event (a file) open
        if self.each.isChecked():
            self._suggested = str(path.with_name(_("{name} – table packages").format(name=stem)))
            self.output.setText(self._suggested)
            return
        tag = "-".join(str(n) for n in numbers[:6]) or "x"
        self._suggested = str(path.with_name(f"{stem} – " + _("table {n}").format(n=tag) + EVENT_SUFFIX))
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
        path, _sel = QFileDialog.getSaveFileName(self, _("Save the package as"), self.output.text(), event_file_filter())
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
