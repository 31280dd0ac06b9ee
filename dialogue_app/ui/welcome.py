"""The welcome screen: recent events, New, Open and the demo event."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.i18n import gettext as _


class WelcomeScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Welcome"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 36, 48, 36)
        title = QLabel(_("Day of Dialogue"))
        title.setStyleSheet("font-size: 24pt; font-weight: 600;")
        intro = QLabel(
            _("Plan diverse tables, guide the dialogue rounds, collect commitments and surveys, "
              "and print everything, all offline. Start with a new event, open one, or try the demo.")
        )
        intro.setWordWrap(True)
        outer.addWidget(title)
        outer.addWidget(intro)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("&New event…"))
        self.open_button = QPushButton(_("&Open…"))
        self.demo_button = QPushButton(_("Open the &demo event"))
        for b, sig in ((self.new_button, self.new_requested), (self.open_button, self.open_requested),
                       (self.demo_button, self.demo_requested)):
            b.setMinimumHeight(40)
            b.setAccessibleName(b.text().replace("&", ""))
            b.clicked.connect(sig)
            buttons.addWidget(b)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        recent_label = QLabel(_("&Recent events"))
        self.recent = QListWidget()
        self.recent.setAccessibleName(_("Recent events"))
        recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        outer.addSpacing(12)
        outer.addWidget(recent_label)
        outer.addWidget(self.recent, 1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            path = Path(p)
            item = QListWidgetItem(f"{path.stem}  —  {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            if not path.exists():
                item.setText(item.text() + "  " + _("(missing)"))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        if self.recent.count():
            self.recent.setCurrentRow(0)
