"""The Event area's tables and venues summary (a part of the panel)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton

from dialogue_app.i18n import gettext as _
from dialogue_app.ui.panel import Panel

#: The parts are mixins of :class:`~dialogue_app.ui.event.panel.EventPanel` sharing its state; type
#: checkers see them as panels.
if TYPE_CHECKING:
    _PanelPart = Panel
else:
    _PanelPart = object


class TablesSummary(_PanelPart):
    """How many tables and venues there are, and the button to the Tables and venues editor."""

    def _tables_box(self) -> QGroupBox:
        """Where the organiser sees how many tables there are and opens the Tables and venues editor."""
        box = QGroupBox(_("Tables and venues"))
        self.tables_overview = QLabel(_("No tables yet"))
        self.tables_overview.setAccessibleName(_("Tables overview"))
        self.tables_overview.setWordWrap(True)
        self.tables_button = QPushButton(_("Ta&bles and venues…"))
        self.tables_button.setAccessibleName(_("Tables and venues"))
        self.tables_button.clicked.connect(self.open_tables_editor)
        row = QHBoxLayout(box)
        row.addWidget(self.tables_overview, 1)
        row.addWidget(self.tables_button)
        self.ctx.data_changed.connect(self._tables_changed)
        return box

    def _tables_changed(self, areas: set[str]) -> None:
        if "tables" in areas:
            self._show_tables()

    def _show_tables(self) -> None:
        from dialogue_app.services.seating import table_edits
        from dialogue_app.ui.tables_editor import overview_text

        if self.ctx.has_event:
            self.tables_overview.setText(overview_text(self.ctx.read(table_edits.overview)))

    def open_tables_editor(self) -> None:
        from dialogue_app.ui.tables_editor import open_tables_editor

        open_tables_editor(self.ctx, self)
