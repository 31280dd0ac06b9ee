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
    AreaSpec("event", N_("Event"), "dialogue_app.ui.event_panel:EventPanel",
             N_("The event's theme, date, language, table sizes and diversity dimensions.")),
    AreaSpec("people", N_("People"), "dialogue_app.ui.people_panel:PeoplePanel",
             N_("Participants, hosts, facilitators and trainers; import from spreadsheets.")),
    AreaSpec("tables", N_("Tables"), "dialogue_app.ui.tables_panel:TablesPanel",
             N_("The table plan: diverse tables under the hard rules, drag and drop, and day-of check-in.")),
    AreaSpec("facilitation", N_("Facilitation"), "dialogue_app.ui.facilitation_panel:FacilitationPanel",
             N_("The guided rounds with their questions, a timer and a projector view.")),
    AreaSpec("commitments", N_("Commitments"), "dialogue_app.ui.commitments_panel:CommitmentsPanel",
             N_("Each participant's small step to action, and the follow-up weeks later.")),
    AreaSpec("surveys", N_("Surveys"), "dialogue_app.ui.surveys_panel:SurveysPanel",
             N_("The before and after survey: entry, anonymous linking and the statistics.")),
    AreaSpec("reports", N_("Reports"), "dialogue_app.ui.reports_panel:ReportsPanel",
             N_("Badges, table cards, facilitator guides, survey forms and the event report as PDF.")),
    AreaSpec("training", N_("Training"), "dialogue_app.ui.training_panel:TrainingPanel",
             N_("Preparing and running facilitator and coordinator trainings.")),
    AreaSpec("privacy", N_("Privacy"), "dialogue_app.ui.privacy_panel:PrivacyPanel",
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
