"""The import wizard's first page: which file (and which sheet of a workbook)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWizardPage,
)

from dialogue_app import importing
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.ui.importing.state import WizardState


def sheet_names(path: Path) -> list[str]:
    """The sheets of an XLSX file ([] when it cannot be read: read_table reports why)."""
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()
    except Exception:  # a broken file: the reader gives the message
        return []


def problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(_("Problem"))
    label.hide()
    return label


def set_problem(label: QLabel, text: str | None) -> None:
    if text:
        label.setText("⚠ " + text)
        label.show()
    else:
        label.clear()
        label.hide()


class FilePage(QWizardPage):
    def __init__(self, wizard: WizardState) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(_("A CSV file or an Excel workbook (.xlsx) with one row per person and a header row."))
        self.path = QLineEdit()
        self.path.setAccessibleName(_("File to import"))
        self.path.textChanged.connect(self._path_changed)
        self.browse = QPushButton(_("B&rowse…"))
        self.browse.setAccessibleName(_("Browse for the file"))
        self.browse.clicked.connect(self._browse)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName(_("Sheet"))
        self.sheet.setEnabled(False)
        self.problem = problem_label()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout(self)
        file_label = QLabel(_("&File:"))
        file_label.setBuddy(self.path)
        form.addRow(file_label, row)
        form.addRow(_("&Sheet:"), self.sheet)
        form.addRow(self.problem)

    def _browse(self) -> None:
        path, _sel = QFileDialog.getOpenFileName(
            self, _("Import people"), str(Path.home()),
            _("Spreadsheets (*.csv *.xlsx *.txt);;All files (*)"),
        )
        if path:
            self.path.setText(path)

    def _path_changed(self, text: str) -> None:
        set_problem(self.problem, None)
        self.sheet.clear()
        p = Path(text.strip()).expanduser()
        is_xlsx = p.suffix.lower() == ".xlsx" and p.is_file()
        if is_xlsx:
            for name in sheet_names(p):
                self.sheet.addItem(name, name)
        self.sheet.setEnabled(is_xlsx and self.sheet.count() > 1)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).expanduser().is_file()

    def validatePage(self) -> bool:
        path = Path(self.path.text().strip()).expanduser()
        sheet = self.sheet.currentData() if self.sheet.count() else None
        try:
            table = importing.read_table(path, sheet=sheet)
        except DialogueError as exc:
            set_problem(self.problem, exc.message)
            return False
        if not table.headers:
            set_problem(self.problem, _("The file has no header row."))
            return False
        self.wiz.table = table
        self.wiz.sheet = sheet
        self.wiz.consent_choice = {}
        return True
