"""The retention banner shown when an event past its retention date is opened
(:func:`install_retention_banner`, installed by the main window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QToolBar,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import privacy
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.privacy.purge import confirm_and_purge
from dialogue_app.ui.privacy.rows import _button


class RetentionBanner(QToolBar):
    """Shown at the top of the window while the open event is past its retention date."""

    def __init__(self, window: QMainWindow, ctx: AppContext) -> None:
        super().__init__(_("Retention"), window)
        self.window_ = window
        self.ctx = ctx
        self.setObjectName("retention_banner")
        self.setMovable(False)
        self.setFloatable(False)
        self.setAccessibleName(_("Retention notice"))
        self.message = QLabel()
        self.message.setAccessibleName(_("Retention notice"))
        self.message.setContentsMargins(8, 4, 8, 4)
        self.addWidget(self.message)
        review = _button(_("Review &privacy"))
        review.clicked.connect(lambda: window.show_area("privacy"))
        purge = _button(_("Purge now…"))
        purge.clicked.connect(lambda: confirm_and_purge(ctx, window))
        later = _button(_("Not now"))
        later.clicked.connect(self.hide)
        for b in (review, purge, later):
            self.addWidget(b)
        self.setStyleSheet("QToolBar#retention_banner { background: #fff4ce; border-bottom: 1px solid #c8a600; }")
        self.hide()
        ctx.event_opened.connect(self.check)
        ctx.event_closed.connect(self.hide)
        ctx.data_changed.connect(self._on_data_changed)  # bound methods: gone with the banner

    def _on_data_changed(self, areas: set[str]) -> None:
        if {"event", "privacy"} & set(areas):
            self.check()

    def check(self) -> None:
        if self.ctx.store is None:
            self.hide()
            return
        status = self.ctx.read(privacy.retention_status)
        if status.past and status.people > 0:
            self.message.setText("⚠ " + i18n.ngettext(
                "The retention date {date} of this event has passed; {n} person's data is still here.",
                "The retention date {date} of this event has passed; {n} people's data is still here.",
                status.people).format(date=i18n.format_date(status.date), n=status.people))
            self.show()
        else:
            self.hide()


def install_retention_banner(window: QMainWindow) -> RetentionBanner:
    """Add the retention banner to the main window (hidden until needed)."""
    banner = RetentionBanner(window, window.ctx)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    window.retention_banner = banner
    return banner
