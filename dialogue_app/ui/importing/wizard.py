"""The import wizard: file → column mapping → check → import.

It only drives the import pipeline of :mod:`dialogue_app.importing`
(``read_table``, ``guess_mapping``, ``validate``, ``apply``). Checking and
importing run off the GUI thread with progress and Cancel. Nothing is written
until the last page, and with errors in the file nothing is written unless
"Import only the valid rows" is explicitly ticked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dialogue_app import i18n, importing
from dialogue_app.errors import Cancelled, DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.importing import FIELD_KEYS, ImportPreview, ImportResult, RawTable, field_label
from dialogue_app.importing.encodings import encoding_label
from dialogue_app.importing.mapping import consent_scope, guess_mapping_explained
from dialogue_app.services import importing as import_service
from dialogue_app.services.edits import UndoImport
from dialogue_app.services.events import DimensionInfo, list_dimensions
from dialogue_app.ui.importing.review import ConsentScopeBox, EncodingBox, WarningsBox, check_points

PREVIEW_ROWS = 5


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


def distinct_people(preview: ImportPreview) -> int:
    """The people the valid rows make: a row of someone already on an earlier row is merged into it."""
    return sum(1 for p in preview.valid_people if not p.same_as_row)


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(_("Problem"))
    label.hide()
    return label


def _set_problem(label: QLabel, text: str | None) -> None:
    if text:
        label.setText("⚠ " + text)
        label.show()
    else:
        label.clear()
        label.hide()


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
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
        self.problem = _problem_label()
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
        _set_problem(self.problem, None)
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
            _set_problem(self.problem, exc.message)
            return False
        if not table.headers:
            _set_problem(self.problem, _("The file has no header row."))
            return False
        self.wiz.table = table
        self.wiz.sheet = sheet
        self.wiz.consent_choice = {}
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Match the columns"))
        self.setSubTitle(_("For each column of the file, choose what it holds. Columns set to “(not imported)” are "
                           "ignored."))
        self.combos: list[QComboBox] = []
        self.close: dict[int, str] = {}
        self.warnings = WarningsBox(_("Check before going on"))
        self.encoding = EncodingBox(self._reread)
        self.consent = ConsentScopeBox(self._consent_changed)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.setAccessibleName(_("Column mapping"))
        scroll.setMinimumHeight(190)
        self.preview = QTableWidget()
        self.preview.setAccessibleName(_("First rows of the file"))
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        preview_label = QLabel(_("First rows of the file:"))
        preview_label.setBuddy(self.preview)
        rows_h = self.preview.verticalHeader().defaultSectionSize()
        self.preview.setMaximumHeight(rows_h * 4 + 2 * self.preview.frameWidth() + 24)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warnings)
        layout.addWidget(self.encoding)
        layout.addWidget(scroll, 3)
        layout.addWidget(self.consent)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview)

    def initializePage(self) -> None:
        table = self.wiz.table
        dims = self.wiz.dimensions
        try:
            guessed, self.close = guess_mapping_explained(table.headers, dims)
        except DialogueError as exc:
            self.wiz.ctx.report_error(exc, self)
            guessed, self.close = {}, {}
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.combos = []
        names = {d.key: d.name for d in dims}
        choices: list[tuple[str, str | None]] = [(field_label(None), None)]
        choices += [(field_label(k), k) for k in FIELD_KEYS]
        choices += [(field_label("dim:" + d.key, names), "dim:" + d.key) for d in dims]
        head1, head2, head3 = QLabel("<b>" + _("Column") + "</b>"), QLabel("<b>" + _("Example") + "</b>"), \
            QLabel("<b>" + _("Import as") + "</b>")
        self.grid.addWidget(head1, 0, 0)
        self.grid.addWidget(head2, 0, 1)
        self.grid.addWidget(head3, 0, 2)
        self.close_labels: dict[int, QLabel] = {}
        for i, header in enumerate(table.headers):
            example = next((r[i] for r in table.rows[:20] if i < len(r) and r[i].strip()), "")
            name = QLabel(header or _("(column {n})").format(n=i + 1))
            ex = QLabel(example[:40])
            combo = QComboBox()
            combo.setAccessibleName(_("Import column “{name}” as").format(name=header or str(i + 1)))
            for text, key in choices:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(0, combo.findData(guessed.get(i))))
            name.setBuddy(combo)
            self.combos.append(combo)
            self.grid.addWidget(name, i + 1, 0)
            self.grid.addWidget(ex, i + 1, 1)
            self.grid.addWidget(combo, i + 1, 2)
            if i in self.close:
                note = QLabel("≈ " + _("close match: check it"))
                note.setAccessibleName(_("“{name}” is a close match").format(name=header.strip()))
                self.grid.addWidget(note, i + 1, 3)
                self.close_labels[i] = note
            combo.currentIndexChanged.connect(self._mapping_changed)
        self.grid.setColumnStretch(4, 1)
        self.grid.setColumnMinimumWidth(1, 160)
        self.grid.setRowStretch(len(table.headers) + 1, 1)
        # the preview
        rows = table.rows[:PREVIEW_ROWS]
        self.preview.clear()
        self.preview.setColumnCount(len(table.headers))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(table.headers)
        for r, row in enumerate(rows):
            for c in range(len(table.headers)):
                self.preview.setItem(r, c, QTableWidgetItem(row[c] if c < len(row) else ""))
        self.preview.resizeColumnsToContents()
        self._mapping_changed()

    def mapping(self) -> dict[int, str | None]:
        return {i: c.currentData() for i, c in enumerate(self.combos)}

    def _reread(self, encoding: str) -> None:
        """The user chose another encoding: read the file again and guess the mapping again,
        keeping the user's choice for every column whose header reads the same."""
        old_headers, old_mapping = list(self.wiz.table.headers), self.mapping()
        try:
            table = importing.read_table(self.wiz.table.source, sheet=self.wiz.sheet, encoding=encoding)
        except DialogueError as exc:
            self.warnings.set_items([exc.message])
            return
        self.wiz.table = table
        self.initializePage()
        for i, combo in enumerate(self.combos):
            if i < len(old_headers) and table.headers[i] == old_headers[i] and i in old_mapping:
                combo.setCurrentIndex(max(0, combo.findData(old_mapping[i])))

    def _consent_changed(self) -> None:
        self.wiz.consent_choice = self.consent.scope()
        self._update_warnings()

    def _mapping_changed(self, *_args) -> None:
        table, mapping = self.wiz.table, self.mapping()
        present = {f[4:] for f in mapping.values() if f and f.startswith("dim:")}
        scope = consent_scope(table.headers, mapping, self.wiz.dimensions)
        chosen = {c: v for c, v in self.wiz.consent_choice.items() if c in scope}
        self.consent.show_scope(table.headers, scope, self.wiz.dimensions, present, chosen)
        self.wiz.consent_choice = self.consent.scope()
        self.encoding.show_table(table, mapping)
        self._update_warnings()

    def _update_warnings(self) -> None:
        table, mapping = self.wiz.table, self.mapping()
        names = {d.key: d.name for d in self.wiz.dimensions}
        items = []
        if table.encoding_guessed:
            items.append(_("The encoding had to be guessed ({encoding}): check the names under “Encoding of the "
                           "file”; if they look wrong, choose another encoding there.").format(
                               encoding=encoding_label(table.encoding)))
        if table.stray_bom:
            items.append(_("The file starts with a UTF-8 mark but is not UTF-8; the mark was ignored."))
        for col, field in sorted(self.close.items()):
            if mapping.get(col) == field:
                items.append(_("“{header}” → {field} (close match)").format(
                    header=table.headers[col].strip(), field=field_label(field, names)))
        for col, keys in sorted(self.wiz.consent_choice.items()):
            header = table.headers[col].strip()
            if keys:
                items.append(_("“yes” in “{column}” records consent for: {dimensions}.").format(
                    column=header, dimensions=", ".join(d.name for d in self.wiz.dimensions if d.key in keys)))
            else:
                items.append(_("“{column}” records no consent: it covers no sensitive column of the file.").format(
                    column=header))
        if mapping and not ({"first_name", "last_name", "full_name"} & set(mapping.values())):
            items.append(_("No column holds names: map a column to “First name”, “Last name” or “Full name”."))
        self.warnings.set_items(items)

    def validatePage(self) -> bool:
        self.wiz.mapping = self.mapping()
        self.wiz.consent_choice = self.consent.scope()
        return True


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Check"))
        self.setSubTitle(_("The file is checked against the event. Nothing is written yet."))
        self.warnings = WarningsBox(_("Check before importing"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Check summary"))
        self.issues = QTableWidget(0, 4)
        self.issues.setAccessibleName(_("Problems found"))
        self.issues.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Kind"), _("Problem")])
        self.issues.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.issues.verticalHeader().setVisible(False)
        self.issues.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.issues.setWordWrap(True)
        issues_label = QLabel(_("&Problems:"))
        issues_label.setBuddy(self.issues)
        self.extra = self.warnings.body  # rows with problems, new categories, columns not imported
        self.recheck = QPushButton(_("Check &again"))
        self.recheck.setAccessibleName(_("Check again"))
        self.recheck.clicked.connect(self.start)
        self.recheck.hide()
        # the warnings say "choose another encoding": the choice is on the mapping step
        self.to_encoding = QPushButton(_("Back to choose the &encoding"))
        self.to_encoding.setAccessibleName(_("Back to choose the encoding"))
        self.to_encoding.clicked.connect(self._choose_encoding)
        self.to_encoding.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addWidget(issues_label)
        layout.addWidget(self.issues, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recheck)
        buttons.addWidget(self.to_encoding)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.handle = None

    def initializePage(self) -> None:
        table = self.wiz.table
        self.to_encoding.setVisible(bool(table is not None and table.encoding_guessed))
        self.start()

    def cleanupPage(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
        self.wiz.preview = None

    def _choose_encoding(self) -> None:
        """Go back to the mapping step (the user's column choices stay) with the encoding combo focused."""
        self.wiz.back()
        combo = self.wiz.mapping_page.encoding.combo
        combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def start(self) -> None:
        self.wiz.preview = None
        self.recheck.hide()
        self.issues.setRowCount(0)
        self.warnings.set_items([])
        self.summary.setText(_("Checking…"))
        self.completeChanged.emit()
        table, mapping, store = self.wiz.table, dict(self.wiz.mapping), self.wiz.ctx.store
        scope = dict(self.wiz.consent_choice)

        def work(progress, should_stop):
            with store.session() as s:
                if scope:
                    return import_service.validate(s, table, mapping, progress=progress, should_stop=should_stop,
                                              consent_scope=scope)
                return import_service.validate(s, table, mapping, progress=progress, should_stop=should_stop)

        self.handle = self.wiz.ctx.run_task(_("Checking the file…"), work, self._done, on_error=self._failed,
                                            parent=self.wiz)

    def _failed(self, exc: BaseException) -> None:
        self.handle = None
        self.recheck.show()
        if isinstance(exc, Cancelled):
            self.summary.setText(_("The check was cancelled. Check again, or go back and change the mapping."))
        elif isinstance(exc, DialogueError):
            self.summary.setText("⚠ " + exc.message)
        else:
            self.summary.setText(_("The check failed unexpectedly."))
            self.wiz.ctx.report_error(exc, self.wiz)

    def _done(self, preview: ImportPreview) -> None:
        if self.handle is not None and self.handle.cancelled:  # finished before it saw the Cancel
            self._failed(Cancelled(_("Cancelled.")))
            return
        self.handle = None
        self.wiz.preview = preview
        n_rows = len(preview.table.rows)
        errors, warnings = preview.errors, preview.warnings
        bad_rows = len({i.row for i in errors})
        parts = [
            ngettext("{n} row read.", "{n} rows read.", n_rows).format(n=i18n.format_number(n_rows)),
            ngettext("{n} person can be imported.", "{n} people can be imported.", distinct_people(preview))
            .format(n=i18n.format_number(distinct_people(preview))),
        ]
        if errors:
            parts.append(ngettext("{n} error", "{n} errors", len(errors)).format(n=len(errors)) + " "
                         + ngettext("in {n} row.", "in {n} rows.", bad_rows).format(n=bad_rows))
        else:
            parts.append(_("No errors."))
        if warnings:
            parts.append(ngettext("{n} warning.", "{n} warnings.", len(warnings)).format(n=len(warnings)))
        self.summary.setText(" ".join(parts))
        issues = sorted(preview.issues, key=lambda i: (i.row, i.severity != "error"))
        self.issues.setRowCount(len(issues))
        for r, issue in enumerate(issues):
            kind = _("Error") if issue.severity == "error" else _("Warning")
            cells = (str(issue.row) if issue.row else _("file"), issue.column, kind, issue.message)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.issues.setItem(r, c, item)
        self.issues.resizeColumnToContents(0)
        self.issues.resizeColumnToContents(2)
        self.issues.resizeColumnToContents(1)
        self.issues.setColumnWidth(1, min(self.issues.columnWidth(1), 220))
        names = {d.key: d.name for d in self.wiz.dimensions}
        self.warnings.set_items(check_points(preview, names))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.wiz.preview is not None


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Import"))
        self.setSubTitle(_("Write the checked people into the event."))
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setAccessibleName(_("What will be imported"))
        self.valid_only = QCheckBox(_("Import only the &valid rows"))
        self.valid_only.setAccessibleName(_("Import only the valid rows"))
        self.valid_only.toggled.connect(self._update)
        self.import_button = QPushButton(_("&Import now"))
        self.import_button.setAccessibleName(_("Import now"))
        self.import_button.clicked.connect(self.start)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName(_("Import result"))
        self.warnings = WarningsBox(_("Check before importing"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.warnings)
        layout.addWidget(self.valid_only)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.handle = None

    def initializePage(self) -> None:
        p = self.wiz.preview
        self.wiz.result = None
        self.result.clear()
        n_valid = len(p.valid_people)
        bad = len({i.row for i in p.errors})
        self.warnings.set_items(check_points(p, {d.key: d.name for d in self.wiz.dimensions}))
        if p.errors:
            self.explain.setText(
                ngettext("{n} row has errors.", "{n} rows have errors.", bad).format(n=bad) + " "
                + _("Nothing will be written unless you tick “Import only the valid rows”: then the {n} valid "
                    "rows are imported and the rows with errors are skipped. Or go back, fix the file and "
                    "import it again.").format(n=n_valid)
            )
            self.valid_only.show()
        else:
            n_people = distinct_people(p)
            self.explain.setText(
                ngettext("{n} person will be imported.", "{n} people will be imported.", n_people).format(n=n_people)
                + " " + _("People already in the event are updated, not added twice.")
            )
            self.valid_only.hide()
        self.valid_only.setChecked(False)
        self._update()

    def _update(self) -> None:
        p = self.wiz.preview
        done = self.wiz.result is not None
        can = p is not None and not done and bool(p.valid_people) and (not p.errors or self.valid_only.isChecked())
        self.import_button.setEnabled(can and self.handle is None)
        self.valid_only.setEnabled(not done and self.handle is None)
        self.completeChanged.emit()

    def start(self) -> None:
        p = self.wiz.preview
        if p is None or (p.errors and not self.valid_only.isChecked()):
            return
        valid_only = bool(p.errors)
        store = self.wiz.ctx.store

        def work(progress, should_stop):
            with store.session() as s:
                return import_service.apply(s, p, valid_only=valid_only, progress=progress, should_stop=should_stop)

        self.result.setText(_("Importing…"))
        self.handle = self.wiz.ctx.run_task(_("Importing people…"), work, self._done, on_error=self._failed,
                                            parent=self.wiz)
        self._update()

    def _failed(self, exc: BaseException) -> None:
        self.handle = None
        if isinstance(exc, Cancelled):
            self.result.setText(_("The import was cancelled. Nothing was written."))
        elif isinstance(exc, DialogueError):
            self.result.setText("⚠ " + exc.message + " " + _("Nothing was written."))
        else:
            self.result.setText(_("The import failed. Nothing was written."))
            self.wiz.ctx.report_error(exc, self.wiz)
        self._update()

    def _done(self, result: ImportResult) -> None:
        self.handle = None
        self.wiz.result = result
        self.wiz.ctx.data_changed.emit({"people", "event"})
        parts = [
            ngettext("{n} person added.", "{n} people added.", result.created).format(n=result.created),
            ngettext("{n} person updated.", "{n} people updated.", result.updated).format(n=result.updated),
        ]
        unchanged = getattr(result, "unchanged", 0)  # newer ImportResult field
        if unchanged:
            parts.append(ngettext("{n} person was already up to date.", "{n} people were already up to date.",
                                  unchanged).format(n=unchanged))
        if result.skipped_rows:
            parts.append(ngettext("{n} row skipped.", "{n} rows skipped.", result.skipped_rows)
                         .format(n=result.skipped_rows))
        if result.consents_recorded:
            parts.append(ngettext("{n} consent recorded.", "{n} consents recorded.", result.consents_recorded)
                         .format(n=result.consents_recorded))
        added = sum(len(v) for v in result.new_categories.values())
        if added:
            parts.append(ngettext("{n} new category added.", "{n} new categories added.", added).format(n=added))
        undo = ""
        if not result.changes.empty:
            source = self.wiz.table.source if self.wiz.table is not None else ""
            label = _("Import of {file}").format(file=Path(source).name) if source else _("Import people")
            self.wiz.ctx.push_done(UndoImport(result.changes, label), label, {"people", "event"})
            undo = _("Edit ▸ Undo (Ctrl+Z) takes the whole import back.")
        self.result.setText(" ".join(["✓", *parts, undo]).strip())
        self._update()

    def isComplete(self) -> bool:
        return self.wiz.result is not None


class ImportWizard(QWizard):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Import people"))
        self.setAccessibleName(_("Import people"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.table: RawTable | None = None
        self.sheet: str | None = None
        #: consent column -> sensitive dimension keys it covers (the user's answer)
        self.consent_choice: dict[int, frozenset[str]] = {}
        self.mapping: dict[int, str | None] = {}
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.dimensions: list[DimensionInfo] = ctx.read(list_dimensions)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.mapping_page, self.check_page, self.import_page):
            self.addPage(page)
        for which, name in ((QWizard.WizardButton.BackButton, _("Back")), (QWizard.WizardButton.NextButton, _("Next")),
                            (QWizard.WizardButton.FinishButton, _("Finish")),
                            (QWizard.WizardButton.CancelButton, _("Cancel"))):
            self.button(which).setAccessibleName(name)
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.resize(960, 700)

    def reject(self) -> None:
        for page in (self.check_page, self.import_page):
            if page.handle is not None:
                page.handle.cancel()
        super().reject()


def open_import_wizard(ctx, parent: QWidget | None = None) -> ImportWizard | None:
    """Open the wizard (window-modal, not blocking); returns it (tests drive it)."""
    if not ctx.has_event:
        return None
    wizard = ImportWizard(ctx, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
