"""The areas of the main window, in navigation order.

Each entry names the panel class that implements it ("module:Class"). An area
whose module does not exist yet shows a placeholder that says what will be
there. Adding an area is one line here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from dialogue_app.i18n import N_


@dataclass(frozen=True)
class AreaSpec:
    key: str
    title: str  # marked with N_; translate when shown
    panel: str  # "dialogue_app.ui.module:ClassName"
    placeholder: str  # marked with N_: what the area will hold


AREAS: tuple[AreaSpec, ...] = (
    AreaSpec("event", N_("Event"), "dialogue_app.ui.event.panel:EventPanel",
             N_("The event's theme, date, language, table sizes and diversity dimensions.")),
    AreaSpec("people", N_("People"), "dialogue_app.ui.people_panel:PeoplePanel",
             N_("Participants, hosts, facilitators and trainers; import from spreadsheets.")),
    AreaSpec("tables", N_("Tables"), "dialogue_app.ui.tables_panel:TablesPanel",
             N_("The table plan: diverse tables under the hard rules, drag and drop, and day-of check-in.")),
    AreaSpec("facilitation", N_("Facilitation"), "dialogue_app.ui.facilitation.panel:FacilitationPanel",
             N_("The guided rounds with their questions, a timer and a projector view.")),
    AreaSpec("commitments", N_("Commitments"), "dialogue_app.ui.commitments.panel:CommitmentsPanel",
             N_("Each participant's small step to action, and the follow-up weeks later.")),
    AreaSpec("surveys", N_("Surveys"), "dialogue_app.ui.survey.panel:SurveysPanel",
             N_("The before and after survey: entry, anonymous linking and the statistics.")),
    AreaSpec("reports", N_("Reports"), "dialogue_app.ui.reports_panel:ReportsPanel",
             N_("Badges, table cards, facilitator guides, survey forms and the event report as PDF.")),
    AreaSpec("training", N_("Training"), "dialogue_app.ui.training.panel:TrainingPanel",
             N_("Preparing and running facilitator and coordinator trainings.")),
    AreaSpec("privacy", N_("Privacy"), "dialogue_app.ui.privacy.panel:PrivacyPanel",
             N_("What is stored, consent, retention, and answering a request to see or erase data.")),
)


def panel_class(spec: AreaSpec):
    """The panel class of an area, or None when that area is not built yet."""
    module_name, _sep, class_name = spec.panel.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return getattr(module, class_name)


def style_navigation(nav) -> None:
    """Give the navigation list (a QListWidget whose items carry the area keys) a pictogram per
    area, roomy rows, a selection that stays visible when the list loses focus, and for screen
    readers each area's name, shortcut and purpose."""
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QAbstractItemView

    from dialogue_app.i18n import gettext as _
    from dialogue_app.ui.nav_icons import area_icon

    pal = nav.palette()
    text = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
    selected = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    nav.setIconSize(QSize(22, 22))
    nav.setSpacing(1)
    nav.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    nav.setAccessibleDescription(_("The areas of the event: use the arrow keys, or Ctrl+1 to Ctrl+9."))
    # the current area stays marked in the highlight colour (not grey) while working in a panel
    nav.setStyleSheet("QListWidget::item { padding: 5px 4px; }"
                      "QListWidget::item:selected { background: palette(highlight); color: palette(highlighted-text); }")
    specs = {s.key: (i, s) for i, s in enumerate(AREAS)}
    for row in range(nav.count()):
        item = nav.item(row)
        found = specs.get(item.data(Qt.ItemDataRole.UserRole))
        if found is None:
            continue
        i, spec = found
        item.setIcon(area_icon(spec.key, text, selected))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, _(spec.title))
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, _(spec.placeholder) + f" (Ctrl+{i + 1})")
    width = max(nav.sizeHintForColumn(0), 0) + 28
    nav.setMinimumWidth(max(nav.minimumWidth(), min(width, 240)))
