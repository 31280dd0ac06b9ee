"""The Surveys area: results, paper entry, the on-screen form and the instrument."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from dialogue_app.i18n import gettext as _
from dialogue_app.services import events
from dialogue_app.services import survey as svc
from dialogue_app.ui.panel import Panel
from dialogue_app.ui.survey.answer_field import item_label
from dialogue_app.ui.survey.instrument import InstrumentEditor
from dialogue_app.ui.survey.kiosk import KioskEntry
from dialogue_app.ui.survey.paper_entry import PaperEntry
from dialogue_app.ui.survey.results import ResultsView


class _KioskWindow(QWidget):
    """The full-screen window holding the on-screen form alone."""

    kiosk: KioskEntry


class SurveysPanel(Panel):
    watches = frozenset({"surveys", "people", "event", "tables"})

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Surveys"))
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel("<h2>" + _("Surveys") + "</h2>")
        head.addWidget(title)
        head.addStretch(1)
        self.kiosk_button = QPushButton(_("On-screen form in &full screen"))
        self.kiosk_button.setAccessibleName(_("On-screen form in full screen"))
        self.kiosk_button.clicked.connect(self.open_kiosk_window)
        head.addWidget(self.kiosk_button)
        self.impact_button = QPushButton(_("&Impact across events…"))
        self.impact_button.setAccessibleName(_("Impact across events"))
        self.impact_button.clicked.connect(self.open_impact)
        head.addWidget(self.impact_button)
        layout.addLayout(head)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Survey pages"))
        self.results = ResultsView()
        self.results.by.currentIndexChanged.connect(lambda _i: self._show_breakdown())
        self.results.what.currentIndexChanged.connect(lambda _i: self._show_breakdown())
        self.paper = PaperEntry(self)
        self.kiosk = KioskEntry(self)
        self.instrument = InstrumentEditor(self)
        self.tabs.addTab(self.results, _("&Results"))
        self.tabs.addTab(self.paper, _("&Paper entry"))
        self.tabs.addTab(self.kiosk, _("&On-screen form"))
        self.tabs.addTab(self.instrument, _("&Questions"))
        layout.addWidget(self.tabs, 1)
        self._kiosk_window: _KioskWindow | None = None

    def refresh(self) -> None:
        if self.ctx.store is None:
            return

        def load(s):
            lang = events.get_settings(s).language
            return lang, svc.instrument(s), svc.list_responses(s), svc.survey_report(s)

        self.results.set_choices(self.ctx.read(svc.breakdown_choices))
        lang, items, rows, report = self.ctx.read(load)
        labels = {it.key: item_label(it, lang) for it in items}
        self.results.set_items([(it.key, labels[it.key]) for it in items if it.kind != "text"])
        breakdown = self.ctx.read(self._breakdown)
        self.results.show_report(report, breakdown, labels)
        self.paper.refresh(items, rows, lang)
        self.kiosk.refresh(items, lang)
        self.instrument.refresh(items, labels)

    def _breakdown(self, s):
        what = self.results.what.currentData()
        by = self.results.by.currentData() or "table"
        if what:
            return svc.answer_breakdown(s, what, by)
        return svc.breakdown(s, by)

    def _show_breakdown(self) -> None:
        if self.ctx.store is not None:
            self.results.show_breakdown(self.ctx.read(self._breakdown))

    def show_page(self, name: str) -> None:
        self.tabs.setCurrentWidget({"results": self.results, "paper": self.paper, "kiosk": self.kiosk,
                                    "instrument": self.instrument}[name])

    def busy_reason(self) -> str | None:
        if self._kiosk_window is not None and self._kiosk_window.isVisible():
            return _("The on-screen survey form is open in full screen.")
        kiosks = [self.kiosk] + ([self._kiosk_window.kiosk] if self._kiosk_window is not None else [])
        if self.paper.has_input() or any(k.answers() for k in kiosks):
            return _("A survey form has answers that are not saved yet.")
        return None

    def open_impact(self):
        """The impact dialog (pooling survey exports of many events)."""
        from dialogue_app.ui.impact_dialog import ImpactDialog

        dlg = ImpactDialog(self.ctx, self)
        dlg.show()
        return dlg

    def open_kiosk_window(self) -> None:
        """The on-screen form alone in a full-screen window (Esc closes it)."""
        from PySide6.QtGui import QKeySequence, QShortcut

        if self._kiosk_window is None:
            win = _KioskWindow(None)
            win.setWindowTitle(_("Survey"))
            lay = QVBoxLayout(win)
            kiosk = KioskEntry(self)
            lay.addWidget(kiosk)
            QShortcut(QKeySequence("Escape"), win, activated=win.close)  # type: ignore[call-overload]  # stubs: no signal keywords
            win.kiosk = kiosk
            self._kiosk_window = win
        lang, items = self.ctx.read(lambda s: (events.get_settings(s).language, svc.instrument(s)))
        self._kiosk_window.kiosk.refresh(items, lang)
        self._kiosk_window.showFullScreen()
