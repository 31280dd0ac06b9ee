"""The import wizard's last two pages: checking the file against the event, then importing
it; both run off the GUI thread with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from dialogue_app import i18n
from dialogue_app.errors import Cancelled, DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.importing import ImportPreview, ImportResult
from dialogue_app.services import importing as import_service
from dialogue_app.services.edits import UndoImport
from dialogue_app.ui.importing.review import WarningsBox, check_points
from dialogue_app.ui.importing.state import WizardState


def distinct_people(preview: ImportPreview) -> int:
    """The people the valid rows make: a row of someone already on an earlier row is merged into it."""
    return sum(1 for p in preview.valid_people if not p.same_as_row)


class CheckPage(QWizardPage):
    def __init__(self, wizard: WizardState) -> None:
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
    def __init__(self, wizard: WizardState) -> None:
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
        assert p is not None  # the check page made it
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
