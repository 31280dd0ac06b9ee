"""The Reports area: choose a printed document and its options, create the PDF off the GUI
thread (progress and Cancel), preview it with QtPdf and save it next to the event file."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import exports, i18n, outputs
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.ui.panel import Panel
from dialogue_app.ui.print_options import PrintOptions
from dialogue_app.ui.widgets.wrapping import wrapping_check_box
from dialogue_app.ui.worker import TaskHandle

PRINT_KINDS = ("badges", "table-cards", "facilitator-guide", "survey-forms", "commitment-cards", "report")
WAVE_CHOICES = (("before,after", ("before", "after")), ("before", ("before",)), ("after", ("after",)),
                ("follow-up", ("follow-up",)))


def parse_tables(text: str) -> tuple[int, ...]:
    """"1, 3-5" -> (1, 3, 4, 5); empty -> () (all tables). Raises UserInputError on anything else."""
    out: list[int] = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d+)(?:[-–](\d+))?", part)
        if not m:
            raise UserInputError(_("Tables: write numbers and ranges such as “1, 3-5” (not “{part}”).").format(
                part=part))
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if hi < lo or hi - lo > 1000:
            raise UserInputError(_("Tables: “{part}” is not a valid range.").format(part=part))
        out.extend(n for n in range(lo, hi + 1) if n not in out)
    return tuple(out)


class ReportsPanel(Panel):
    watches = frozenset({"event", "people", "tables", "facilitation", "commitments", "surveys"})

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Reports"))
        # previews hold personal data: removed when the panel goes (the event is closed or another opened)
        self._tmpdir = Path(tempfile.mkdtemp(prefix="dialogue-print-"))
        self.destroyed.connect(lambda *_a, d=str(self._tmpdir): shutil.rmtree(d, ignore_errors=True))
        self._preview_path: Path | None = None
        self._preview_kind = ""
        self.handle: TaskHandle | None = None

        # --- the documents
        self.docs = QListWidget()
        self.docs.setAccessibleName(_("Documents"))
        for kind in PRINT_KINDS:
            spec = exports.spec(kind)
            item = QListWidgetItem(_(spec.description))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setToolTip(_("Contains: {what}").format(what=_(spec.personal_data)))
            if exports.writer(spec) is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.docs.addItem(item)
        self.docs.setCurrentRow(0)
        self.docs.currentRowChanged.connect(self._update_options)
        docs_label = QLabel(_("&Documents"))
        docs_label.setBuddy(self.docs)

        # --- options
        self.tables = QLineEdit()
        self.tables.setPlaceholderText(_("all tables (or e.g. 1, 3-5)"))
        self.tables.setAccessibleName(_("Tables"))
        self.language = QComboBox()
        self.language.setAccessibleName(_("Document language"))
        self.layout_box = QComboBox()
        self.layout_box.setAccessibleName(_("Label layout"))
        from dialogue_app.printing.badges import DEFAULT_LAYOUT, LAYOUTS

        for key, lay in LAYOUTS.items():
            self.layout_box.addItem(_(lay.title), key)
            self.layout_box.setItemData(self.layout_box.count() - 1, _(lay.title), Qt.ItemDataRole.ToolTipRole)
        self.layout_box.setCurrentIndex(list(LAYOUTS).index(DEFAULT_LAYOUT))
        self.anonymous = QCheckBox(_("&Anonymous forms with self-generated code boxes"))
        self.anonymous.setAccessibleName(_("Anonymous forms"))
        self.waves = QComboBox()
        self.waves.setAccessibleName(_("Survey waves"))
        wave_names = {"before,after": _("Before and after"), "before": _("Before only"), "after": _("After only"),
                      "follow-up": _("Follow-up only")}
        for key, _w in WAVE_CHOICES:
            self.waves.addItem(wave_names[key], key)
        for combo in (self.language, self.layout_box, self.waves):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        form = QFormLayout()
        for text, widget in ((_("&Tables:"), self.tables), (_("&Language:"), self.language),
                             (_("Label la&yout:"), self.layout_box), (_("&Waves:"), self.waves)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.print_options = PrintOptions(self)
        self.print_options.add_rows(form)
        form.addRow(wrapping_check_box(self.anonymous))  # a long text wraps beside the box
        options = QGroupBox(_("Options"))
        options.setLayout(form)

        self.create_button = QPushButton(_("&Create PDF"))
        self.create_button.setAccessibleName(_("Create PDF"))
        self.create_button.clicked.connect(self.create_pdf)
        self.save_button = QPushButton(_("&Save PDF…"))
        self.save_button.setAccessibleName(_("Save PDF"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_pdf)
        self.note = QLabel(_("Print badges and cards at actual size (100%), not “fit to page”."))
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)

        left = QWidget()
        left.setMaximumWidth(520)
        lv = QVBoxLayout(left)
        lv.addWidget(docs_label)
        lv.addWidget(self.docs, 1)
        lv.addWidget(options)
        lv.addLayout(buttons)
        lv.addWidget(self.note)

        # --- preview
        self.pdf = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setAccessibleName(_("Preview"))
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(_("Choose a document and press Create PDF."))
        self.status.setAccessibleName(_("Status"))
        self.status.setWordWrap(True)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.status)
        rv.addWidget(self.view, 1)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 900])
        layout = QVBoxLayout(self)
        heading = QLabel("<h2>" + _("Printed materials") + "</h2>")
        layout.addWidget(heading)
        layout.addWidget(split, 1)
        self.setTabOrder(self.docs, self.tables)
        self.setTabOrder(self.tables, self.language)
        self.setTabOrder(self.language, self.layout_box)
        self.setTabOrder(self.layout_box, self.waves)
        self.setTabOrder(self.waves, self.print_options.order)
        self.setTabOrder(self.print_options.order, self.print_options.split)
        self.setTabOrder(self.print_options.split, self.anonymous)
        self.setTabOrder(self.anonymous, self.create_button)
        self.setTabOrder(self.create_button, self.save_button)
        self._update_options()

    # --- state -------------------------------------------------------------------------------
    def refresh(self) -> None:
        from dialogue_app.services.events import get_settings

        settings = self.ctx.read(get_settings)
        current = self.language.currentData()
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItem(_("Event language ({name})").format(name=i18n.language_name(settings.language)), None)
        for code in i18n.available_languages():
            self.language.addItem(i18n.language_name(code), code)
        idx = self.language.findData(current)
        self.language.setCurrentIndex(max(0, idx))
        self.language.blockSignals(False)

    def current_kind(self) -> str:
        item = self.docs.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else PRINT_KINDS[0]

    def _update_options(self, *_args) -> None:
        kind = self.current_kind()
        self.layout_box.setEnabled(kind == "badges")
        self.waves.setEnabled(kind == "survey-forms")
        self.anonymous.setEnabled(kind == "survey-forms")
        self.tables.setEnabled(kind != "report")
        self.print_options.update(kind)

    def options(self) -> exports.ExportOptions:
        kind = self.current_kind()
        extra: dict = {}
        if kind == "badges":
            extra["layout"] = self.layout_box.currentData()
        if kind == "survey-forms":
            extra["anonymous"] = self.anonymous.isChecked()
            extra["waves"] = self.waves.currentData()
        extra.update(self.print_options.extra(kind))
        tables = parse_tables(self.tables.text()) if kind != "report" else ()
        return exports.ExportOptions(tables=tables, lang=self.language.currentData(), extra=extra)

    # --- actions -------------------------------------------------------------------------------
    def create_pdf(self) -> None:
        kind = self.current_kind()
        try:
            options = self.options()
        except UserInputError as exc:
            self.ctx.report_error(exc, self)
            return
        out = self._tmpdir / f"{kind}.pdf"
        per_table = self.print_options.per_table(kind)
        if per_table:  # one PDF per table: a fresh folder, the preview shows the first table
            out = self._tmpdir / "per-table"
            shutil.rmtree(out, ignore_errors=True)
        store = self.ctx.store
        self._clear_preview()  # release the file before it is replaced; nothing to save until it is made

        def work(progress, should_stop):
            return exports.run_export(store, kind, out, options, progress, should_stop)

        def done(n) -> None:
            self._preview_path, self._preview_kind = out, kind
            files = sorted(out.glob("*.pdf")) if per_table else [out]
            if files:
                self.pdf.load(str(files[0]))
            self.save_button.setEnabled(True)
            if per_table:
                self.status.setText(i18n.ngettext(
                    "{n} PDF, one per table ({pages} pages). The preview shows the first; save them into a folder.",
                    "{n} PDFs, one per table ({pages} pages). The preview shows the first; save them into a folder.",
                    len(files)).format(n=i18n.format_number(len(files)), pages=i18n.format_number(n)))
                self.handle = None
                return
            self.status.setText(_("{doc}: {pages} pages. Check the preview, then save the PDF.").format(
                doc=_(exports.spec(kind).description), pages=i18n.format_number(self.pdf.pageCount())))
            self.handle = None

        def failed(exc) -> None:
            self.handle = None
            from dialogue_app.errors import Cancelled

            self._clear_preview()
            if isinstance(exc, Cancelled):
                self.status.setText(_("Cancelled: no PDF was made."))
            else:
                self.status.setText(self.failure_text(exc))
                self.ctx.report_error(exc, self)

        self.status.setText(_("Creating the PDF…"))
        self.handle = self.ctx.run_task(_("Creating the PDF"), work, done, on_error=failed, parent=self)

    def _clear_preview(self) -> None:
        """No document: an empty preview and nothing that Save PDF… could save."""
        self.pdf.close()
        self._preview_path, self._preview_kind = None, ""
        self.save_button.setEnabled(False)

    @staticmethod
    def failure_text(exc: BaseException) -> str:
        """What the page says after a failed PDF (the reason when it is the user's to fix)."""
        from dialogue_app.ui.errors import is_expected

        reason = str(exc) if is_expected(exc) else _("an unexpected error (details are in the log file)")
        return _("The document could not be made: {reason}").format(reason=reason)

    def default_save_path(self) -> Path:
        event_path = self.ctx.path or Path.home() / "event.dialogue"
        folder = event_path.parent / _("{name} – printouts").format(name=event_path.stem)
        spec = exports.spec(self._preview_kind or self.current_kind())
        if self._preview_path is not None and self._preview_path.is_dir():
            return folder / spec.default_file_name().removesuffix(".pdf")
        return folder / spec.default_file_name()

    def save_pdf(self, target: str | Path | None = None) -> Path | None:
        if self._preview_path is None or not self._preview_path.exists():
            return None
        if self._preview_path.is_dir():
            return self._save_folder(target)
        if not target:
            default = self.default_save_path()
            default.parent.mkdir(parents=True, exist_ok=True)
            target, _f = QFileDialog.getSaveFileName(self, _("Save PDF"), str(default), _("PDF files (*.pdf)"))
            if not target:
                return None
        target = Path(target)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:  # the dialog asked before replacing a file; an event file is never replaced
            target.parent.mkdir(parents=True, exist_ok=True)
            outputs.copy_to(self._preview_path, outputs.check_output(target, force=True, sources=[self.ctx.path or ""]))
        except UserInputError as exc:
            self.ctx.report_error(exc, self)
            return None
        except OSError as exc:
            self.ctx.report_error(UserInputError(_("The PDF could not be saved: {error}").format(error=exc.strerror
                                                                                               or exc)), self)
            return None
        self.status.setText(_("Saved as {path}.").format(path=target))
        return target

    def _save_folder(self, target: str | Path | None) -> Path | None:
        """One PDF per table: copy every file into the chosen folder (an existing file of the same name
        is replaced)."""
        if not target:
            default = self.default_save_path()
            default.parent.mkdir(parents=True, exist_ok=True)
            target = PrintOptions.ask_folder(self, default if default.exists() else default.parent)
            if not target:
                return None
        target = Path(target)
        assert self._preview_path is not None  # save_pdf saw the folder
        files = sorted(self._preview_path.glob("*.pdf"))
        try:
            target.mkdir(parents=True, exist_ok=True)
            for f in files:
                tmp = target / f".{f.name}.part"
                shutil.copyfile(f, tmp)
                tmp.replace(target / f.name)
        except OSError as exc:
            self.ctx.report_error(UserInputError(_("The PDF could not be saved: {error}").format(error=exc.strerror
                                                                                               or exc)), self)
            return None
        self.status.setText(i18n.ngettext("Saved {n} PDF in {path}.", "Saved {n} PDFs in {path}.", len(files))
                            .format(n=i18n.format_number(len(files)), path=target))
        return target

    def closeEvent(self, event) -> None:
        self.pdf.close()
        shutil.rmtree(self._tmpdir, ignore_errors=True)
        super().closeEvent(event)
