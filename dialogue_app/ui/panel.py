"""Base class of the area panels shown in the main window."""

from __future__ import annotations

import contextlib

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
        self._retired = False
        ctx.data_changed.connect(self._on_data_changed)

    def retire(self) -> None:
        """The event this panel shows is closing: stop listening to the context (the panel
        is deleted next; a late signal must not make it read a closed event)."""
        self._retired = True
        with contextlib.suppress(RuntimeError, TypeError):
            self.ctx.data_changed.disconnect(self._on_data_changed)
        self.setEnabled(False)

    def _on_data_changed(self, areas: set[str]) -> None:
        if self._retired or not self.ctx.has_event:
            return
        if self.watches & set(areas):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        name_buttons(self)
        if self._stale and not self._retired and self.ctx.has_event:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Reload everything shown from the services."""

    def busy_reason(self) -> str | None:
        """Why the panel should not be rebuilt now (unsaved input, a window it owns is
        open), as one translated sentence; None when rebuilding loses nothing (what is
        stored reloads). Asked before the interface switches language."""
        return None

    def unsaved_changes(self) -> str | None:
        """The question to ask ("Save changes to …?") when the panel holds edits that are
        not stored yet and would be lost by closing the event or quitting; None otherwise."""
        return None

    def save_changes(self) -> bool:
        """Store the unsaved edits; False when they could not be (the problem is shown)."""
        return True

    def discard_changes(self) -> None:
        """Forget the unsaved edits (show what is stored again)."""

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
