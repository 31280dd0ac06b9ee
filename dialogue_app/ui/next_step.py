"""The "Next step" bar above the areas: what the open event still lacks and the button that
goes there (import people → tables → plan → badges → check-in → facilitation → survey →
report). The step comes from :func:`dialogue_app.services.progress.next_step`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolBar,
    QToolButton,
    QWidget,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.services.progress import NextStep, event_progress, next_step


class NextStepBar(QToolBar):
    """A slim bar; hidden without an event, for a training event, or once dismissed (until the
    next event is opened)."""

    def __init__(self, window: Any) -> None:
        """``window``: the main window (ui/main_window.py, which imports this module)."""
        super().__init__(_("Next step"), window)
        self.window_ = window
        self.ctx = window.ctx
        self.step: NextStep | None = None
        self._dismissed = False
        self.setObjectName("next_step_bar")
        self.setAccessibleName(_("Next step"))
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        box = QWidget()
        lay = QHBoxLayout(box)
        lay.setContentsMargins(8, 2, 4, 2)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(QSize(20, 20)))
        icon.setAccessibleName(_("Next step"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setAccessibleName(_("Next step"))
        self.button = QPushButton()
        self.button.clicked.connect(self.go)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName(_("Hide the next step"))
        self.close_button.setToolTip(_("Hide the next step"))
        self.close_button.clicked.connect(self.dismiss)
        lay.addWidget(icon)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button)
        lay.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.addWidget(box)
        self.ctx.event_opened.connect(self._on_opened)
        self.ctx.event_closed.connect(self.refresh)
        self.ctx.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _on_opened(self) -> None:
        self._dismissed = False
        self.refresh()

    def _on_data_changed(self, _changed: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        from dialogue_app.ui.server_role import role_of  # the steps are an organiser's

        organiser = self.ctx.has_event and "organiser" in role_of(self.ctx).roles
        step = self.ctx.read(lambda s: next_step(event_progress(s))) if organiser else None
        self.step = step
        if step is not None:
            self.label.setText(step.message)
            self.button.setText(step.button)
            self.button.setAccessibleName(step.button)
            self.button.setToolTip(step.message)
        self.setVisible(step is not None and not self._dismissed)

    def dismiss(self) -> None:
        self._dismissed = True
        self.setVisible(False)

    def go(self) -> None:
        """Go where the step is done (and open the import wizard for "import")."""
        if self.step is None:
            return
        win = self.window_
        key = self.step.key
        if key == "import":
            win.import_people()
            return
        if key == "tables":  # the Tables screen behind, the tables-and-venues editor in front
            from dialogue_app.ui.tables_editor import open_tables_editor

            open_tables_editor(win.ctx, win.show_area("tables") or win).add_button.setFocus()
            return
        area = {"tables": "tables", "plan": "tables", "checkin": "tables", "badges": "reports",
                "facilitation": "facilitation", "survey": "surveys", "report": "reports"}[key]
        panel = win.show_area(area)
        tabs, checkin = getattr(panel, "tabs", None), getattr(panel, "checkin", None)
        if key == "checkin" and tabs is not None and checkin is not None:
            tabs.setCurrentWidget(checkin)
        plan_view = getattr(panel, "plan_view", panel)  # the Tables screen's Plan tab
        plan = getattr(plan_view, "plan", None)
        if key == "plan" and callable(plan):  # the button says "Plan tables": start planning
            if tabs is not None and plan_view is not panel:
                tabs.setCurrentWidget(plan_view)
            plan()
            return
        if panel is not None:
            panel.setFocus()


def install_next_step_bar(window: Any) -> NextStepBar:
    """Add the bar to the main window, on its own line above the areas."""
    bar = NextStepBar(window)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    # some steps are stored without announcing a change (a facilitator's timer): look again when
    # the organiser moves to another area
    window.pages.currentChanged.connect(lambda _i: bar.refresh())
    window.next_step_bar = bar
    return bar
