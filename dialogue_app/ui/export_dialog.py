"""File ▸ Export data…: the spreadsheet and SQLite exports of ``dialogue_app.exports``
(the printed documents live in the Reports area), each with what personal data it may
hold, written off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import exports, i18n
from dialogue_app.errors import Cancelled
from dialogue_app.i18n import gettext as _
from dialogue_app.services.events import get_settings

#: the exports this dialog offers: files for spreadsheets and analysis, not printouts
DATA_FORMATS = ("csv", "sqlite")


def data_exports() -> list[exports.ExportSpec]:
    return [s for s in exports.EXPORTS if s.fmt in DATA_FORMATS]


def file_filter(fmt: str) -> str:
    return _("CSV files (*.csv)") if fmt == "csv" else _("SQLite files (*.sqlite)")


class ExportDialog(QDialog):
    """Choose an export, see what personal data it holds, save it."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.handle = None
        self.written: Path | None = None
        self.setWindowTitle(_("Export data"))
        self.setAccessibleName(_("Export data"))
        lay = QVBoxLayout(self)
        intro = QLabel(_("Files for spreadsheets and analysis. Badges, cards, guides, forms and the report are "
                         "printed from the Reports area."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.kinds = QListWidget()
        self.kinds.setAccessibleName(_("Exports"))
        self.kinds.setWordWrap(True)
        self.kinds.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for spec in data_exports():
            item = QListWidgetItem(spec.label())
            item.setData(Qt.ItemDataRole.UserRole, spec.kind)  # the internal key stays internal
            item.setToolTip(_(spec.description))
            self.kinds.addItem(item)
        label = QLabel(_("&What to export:"))
        label.setBuddy(self.kinds)
        lay.addWidget(label)
        lay.addWidget(self.kinds, 1)
        self.personal = QLabel()
        self.personal.setWordWrap(True)
        self.personal.setAccessibleName(_("Personal data it may contain"))
        lay.addWidget(self.personal)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language of the column names"))
        settings = ctx.read(get_settings)
        self.language.addItem(_("Event language ({name})").format(name=i18n.language_name(settings.language)), None)
        for code in i18n.available_languages():
            self.language.addItem(i18n.language_name(code), code)
        form = QFormLayout()
        lang_label = QLabel(_("&Language:"))
        lang_label.setBuddy(self.language)
        form.addRow(lang_label, self.language)
        lay.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Export status"))
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(_("&Export…"))
        self.export_button.setAccessibleName(_("Export"))
        self.export_button.setDefault(True)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(lambda: self.export())
        lay.addWidget(buttons)
        self.kinds.currentRowChanged.connect(self._show_personal)
        self.kinds.itemActivated.connect(lambda _i: self.export())
        self.kinds.setCurrentRow(0)
        self.kinds.setFocus()
        self.resize(680, 420)

    def current_spec(self) -> exports.ExportSpec:
        return exports.spec(self.kinds.currentItem().data(Qt.ItemDataRole.UserRole))

    def _show_personal(self, _row: int = 0) -> None:
        spec = self.current_spec()
        self.personal.setText(_(spec.description) + "\n" + _("Personal data it may contain: {data}").format(
            data=_(spec.personal_data)))

    def default_path(self) -> Path:
        spec = self.current_spec()
        event_path = self.ctx.path or Path.home() / "event.dialogue"
        return event_path.with_name(f"{event_path.stem} – {spec.default_file_name()}")

    def export(self, target: str | Path | None = None) -> None:
        """Ask where to save (unless ``target`` is given), then write the file in the background."""
        if self.handle is not None:
            return
        spec = self.current_spec()
        if not target:
            target = self.ctx.dialogs.choose_save_file(self, _("Export data"), str(self.default_path()),
                                                       file_filter(spec.fmt), key="export_data")
            if not target:
                return
        out = Path(target)
        if out.suffix.lower() != f".{spec.fmt}":
            out = out.with_name(out.name + f".{spec.fmt}")
        options = exports.ExportOptions(lang=self.language.currentData())
        store = self.ctx.store

        def work(progress, should_stop):
            return exports.run_export(store, spec.kind, out, options, progress, should_stop)

        def done(n) -> None:
            self.handle = None
            self.written = out
            message = i18n.ngettext("Wrote {n} item to {path}.", "Wrote {n} items to {path}.", n).format(
                n=i18n.format_number(n), path=out)
            self.status.setText("✓ " + message)
            self.ctx.status_message.emit(message)

        def failed(exc) -> None:
            self.handle = None
            if isinstance(exc, Cancelled):
                self.status.setText(_("Cancelled: nothing was written."))
            else:
                self.status.setText("")
                self.ctx.report_error(exc, self)

        self.status.setText(_("Exporting…"))
        self.handle = self.ctx.run_task(_("Export data"), work, done, on_error=failed, parent=self)
