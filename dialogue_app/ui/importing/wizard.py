"""The import wizard: file → column mapping → check → import.

It only drives the import pipeline of :mod:`dialogue_app.importing`
(``read_table``, ``guess_mapping``, ``validate``, ``apply``). Checking and
importing run off the GUI thread with progress and Cancel. Nothing is written
until the last page, and with errors in the file nothing is written unless
"Import only the valid rows" is explicitly ticked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QWidget,
    QWizard,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.importing import ImportPreview, ImportResult, RawTable
from dialogue_app.services.events import DimensionInfo, list_dimensions
from dialogue_app.ui.importing.file_page import FilePage
from dialogue_app.ui.importing.mapping_page import MappingPage
from dialogue_app.ui.importing.run_pages import CheckPage, ImportPage


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
        # shadows QDialog.result() on purpose (the pages share the import's result through it)
        self.result: ImportResult | None = None  # type: ignore[assignment]
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
