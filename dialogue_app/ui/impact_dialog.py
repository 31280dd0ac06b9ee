"""Impact across events: choose survey exports of several events, read the pooled results in plain
sentences, save the impact report as PDF or spreadsheet (the work runs through ``ctx.run_task``)."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext

FILTER = "survey-sqlite (*.sqlite *.db);;*"


def _analyse(paths: list[Path], lang: str, progress, should_stop):
    from dialogue_app.impact.analysis import build_report
    from dialogue_app.impact.reader import read_export

    exports = []
    for k, p in enumerate(paths):
        if should_stop():
            from dialogue_app.errors import Cancelled

            raise Cancelled(_("Cancelled."))
        exports.append(read_export(p))
        progress(0.8 * (k + 1) / len(paths), _("Reading {name}…").format(name=p.name))
    with i18n.language(lang):
        return exports, build_report(exports)


def results_html(report) -> str:
    """The pooled results as sentences (in the active language), then the differences between questionnaires."""
    from dialogue_app.impact.report_pdf import _difference_text
    from dialogue_app.impact.words import pooled_sentence

    parts = [f"<h3>{html.escape(_('What changed across {n} events').format(n=len(report.events)))}</h3>"]
    for item in report.items:
        parts.append(f"<p><b>{html.escape(item.label)}</b><br>{html.escape(pooled_sentence(item))}</p>")
    if report.differences:
        parts.append(f"<h4>{html.escape(_('Where the questionnaires differ'))}</h4><ul>")
        parts += [f"<li>{html.escape(_difference_text(d))}</li>" for d in report.differences]
        parts.append("</ul>")
    return "".join(parts)


class ImpactDialog(QDialog):
    """Several survey exports → pooled results in words → PDF / XLSX."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths: list[Path] = []
        self.report = None
        self.setWindowTitle(_("Impact across events"))
        self.setAccessibleName(_("Impact across events"))
        lay = QVBoxLayout(self)
        intro = QLabel(_("Choose the survey exports (“Survey data (SQLite)”) of several events — other cities, other "
                         "years. The results are put together per question and said in plain words."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        files_label = QLabel(_("&Exports:"))
        self.files = QListWidget()
        self.files.setAccessibleName(_("Exports"))
        files_label.setBuddy(self.files)
        ll.addWidget(files_label)
        ll.addWidget(self.files, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add exports…"))
        self.add_button.setAccessibleName(_("Add exports"))
        self.add_button.clicked.connect(self._choose)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.setAccessibleName(_("Remove the chosen export"))
        self.remove_button.clicked.connect(self._remove)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        ll.addLayout(row)
        lang_label = QLabel(_("Report &language:"))
        self.lang = QComboBox()
        self.lang.setAccessibleName(_("Report language"))
        for code in i18n.available_languages():
            self.lang.addItem(i18n.language_name(code, code), code)
        self.lang.setCurrentIndex(max(0, self.lang.findData(i18n.current_language())))
        self.lang.currentIndexChanged.connect(lambda _i: self.analyse())
        lang_label.setBuddy(self.lang)
        ll.addWidget(lang_label)
        ll.addWidget(self.lang)
        split.addWidget(left)
        self.results = QTextBrowser()
        self.results.setAccessibleName(_("Pooled results"))
        self.results.setOpenLinks(False)
        split.addWidget(self.results)
        split.setStretchFactor(1, 3)
        lay.addWidget(split, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pdf_button = self.buttons.addButton(_("Save &PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.setAccessibleName(_("Save the impact report as PDF"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.xlsx_button = self.buttons.addButton(_("Save &spreadsheet…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.xlsx_button.setAccessibleName(_("Save the results as a spreadsheet"))
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._show_empty()
        self.resize(1000, 620)

    # --- files -----------------------------------------------------------------------
    def _choose(self) -> None:
        folder = str(self.paths[-1].parent) if self.paths else (str(self.ctx.path.parent) if self.ctx.path else "")
        chosen, _sel = QFileDialog.getOpenFileNames(self, _("Choose survey exports"), folder, FILTER)
        if chosen:
            self.add_exports([Path(p) for p in chosen])

    def add_exports(self, paths: list[Path]) -> None:
        """Add files (each once) and analyse again."""
        for p in paths:
            if p.resolve() not in {q.resolve() for q in self.paths}:
                self.paths.append(p)
                self.files.addItem(p.name)
                self.files.item(self.files.count() - 1).setToolTip(str(p))
        self.analyse()

    def _remove(self) -> None:
        row = self.files.currentRow()
        if 0 <= row < len(self.paths):
            self.paths.pop(row)
            self.files.takeItem(row)
            self.analyse()

    def _show_empty(self) -> None:
        self.report = None
        self.results.setHtml("<p>" + html.escape(_("No exports chosen yet. Use “Add exports…” and choose the "
                                                   "survey exports of two or more events.")) + "</p>")
        self.pdf_button.setEnabled(False)
        self.xlsx_button.setEnabled(False)
        self.status.setText("")

    # --- analysis --------------------------------------------------------------------
    def analyse(self) -> None:
        if not self.paths:
            self._show_empty()
            return
        paths, lang = list(self.paths), self.lang.currentData()

        def done(result) -> None:
            exports, report = result
            self.report = report
            with i18n.language(lang):
                self.results.setHtml(results_html(report))
            self.pdf_button.setEnabled(True)
            self.xlsx_button.setEnabled(True)
            langs = Counter(e.language for e in exports)
            self.status.setText(ngettext("{n} event put together", "{n} events put together", len(exports))
                                .format(n=len(exports)) + " · " + ", ".join(f"{k}: {v}" for k, v in langs.items()))

        def failed(exc: BaseException) -> None:
            self._show_empty()
            self.ctx.report_error(exc, self)

        self.ctx.run_task(_("Putting the events together"), lambda p, s: _analyse(paths, lang, p, s), done,
                          on_error=failed, parent=self)

    # --- saving ----------------------------------------------------------------------
    def save(self, kind: str, target: Path | None = None) -> None:
        """Save the report as ``kind`` ("pdf" or "xlsx"); asks for the file unless ``target`` is given."""
        if self.report is None:
            return
        if target is None:
            suggested = (self.paths[0].parent / f"impact.{kind}") if self.paths else Path(f"impact.{kind}")
            chosen, _sel = QFileDialog.getSaveFileName(self, _("Save the impact report"), str(suggested),
                                                       f"*.{kind}")
            if not chosen:
                return
            target = Path(chosen)
        report, lang = self.report, self.lang.currentData()

        def work(progress, should_stop):
            from dialogue_app.impact.report_pdf import write_impact_pdf
            from dialogue_app.impact.tables import write_xlsx

            with i18n.language(lang):
                if kind == "pdf":
                    write_impact_pdf(report, target, progress=lambda k, n: progress(k / n, ""))
                else:
                    write_xlsx(report, target)
            return target

        def done(path: Path) -> None:
            self.status.setText(_("Saved {path}").format(path=path))

        self.ctx.run_task(_("Writing the impact report"), work, done, parent=self)
