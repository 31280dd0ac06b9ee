"""The Event area: the event's settings and its diversity dimensions.

Settings are edited in a form and stored with *Save settings* (one undo step).
Dimension changes (name, kind, weight, flags, categories) are stored at once,
each as one undo step. A value the services refuse changes nothing and the
reason is shown next to the form.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dialogue_app.i18n import gettext as _
from dialogue_app.services import events
from dialogue_app.services.events import DimensionInfo, EventSettings
from dialogue_app.ui.event.dimensions import DimensionEditor
from dialogue_app.ui.event.settings import SettingsForm
from dialogue_app.ui.event.tables_summary import TablesSummary
from dialogue_app.ui.panel import Panel


class EventPanel(SettingsForm, DimensionEditor, TablesSummary, Panel):
    watches = frozenset({"event"})

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Event"))
        self._loading = False
        self._settings: EventSettings | None = None
        self._dims: list[DimensionInfo] = []

        settings_box = self._build_settings()
        dim_box = self._build_dimensions()

        # --- layout -----------------------------------------------------------------------------
        heading = QLabel("<h2>" + _("Event") + "</h2>")
        columns = QHBoxLayout()
        left_column = QVBoxLayout()
        left_column.addWidget(settings_box)
        left_column.addWidget(self._tables_box())
        left_column.addStretch(1)
        columns.addLayout(left_column, 2)
        columns.addWidget(dim_box, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(columns, 1)
        self._update_buttons()

    # --- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.ctx.has_event:
            return
        self._settings, self._dims = self.ctx.read(lambda s: (events.get_settings(s), events.list_dimensions(s)))
        self._show_settings()
        self._show_dimensions()
        self._show_tables()

    def busy_reason(self) -> str | None:
        if self.save_button.isEnabled():
            return _("The event settings have changes that are not saved yet.")
        return None

    def unsaved_changes(self) -> str | None:
        return _("Save changes to the event settings?") if self.save_button.isEnabled() else None

    def save_changes(self) -> bool:
        return self.save_settings()

    def discard_changes(self) -> None:
        self._show_settings()
