"""Base class of the area panels shown in the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget, QVBoxLayout, QWidget

from dialogue_app.ui.context import AppContext


def name_buttons(root: QWidget) -> None:
    """Buttons without an accessible name get their visible text as name (no "&", no "…"),
    so a screen reader never meets a silent button, whoever built the panel."""
    for b in root.findChildren(QAbstractButton):
        if not b.accessibleName().strip() and b.text().strip():
            b.setAccessibleName(b.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip())


class Panel(QWidget):
    """One area of the app (Event, People, Tables...).

    Subclasses set :attr:`watches` to the areas whose changes require a redraw
    and implement :meth:`refresh`, which reloads from the context's services.
    Panels are created lazily, the first time they are shown, and only while an
    event is open.
    """

    watches: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, areas: set[str]) -> None:
        if self.watches & set(areas):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        name_buttons(self)
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Reload everything shown from the services."""

    def busy_reason(self) -> str | None:
        """Why the panel should not be rebuilt now (unsaved input, a window it owns is
        open), as one translated sentence; None when rebuilding loses nothing (what is
        stored reloads). Asked before the interface switches language."""
        return None

    def view_state(self) -> dict:
        """What the user is looking at (page shown, item chosen), for a rebuilt panel to
        show the same; the base keeps the page of a ``tabs`` tab widget."""
        tabs = getattr(self, "tabs", None)
        return {"tab": tabs.currentIndex()} if isinstance(tabs, QTabWidget) else {}

    def restore_view_state(self, state: dict) -> None:
        """Show what :meth:`view_state` described (after the first refresh)."""
        tabs = getattr(self, "tabs", None)
        if isinstance(tabs, QTabWidget) and 0 <= state.get("tab", -1) < tabs.count():
            tabs.setCurrentIndex(state["tab"])


class PlaceholderPanel(Panel):
    """For areas that later work fills: says what will be there."""

    def __init__(self, ctx: AppContext, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(text)
        body.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
        self.setAccessibleName(title)
