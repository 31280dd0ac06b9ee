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

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import recent


class WelcomeScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    connect_requested = Signal()
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
        self.connect_button = QPushButton(_("Connect to &server…"))  # an event shared on a PostgreSQL server
        for b, sig in ((self.new_button, self.new_requested), (self.open_button, self.open_requested),
                       (self.demo_button, self.demo_requested), (self.connect_button, self.connect_requested)):
            b.setMinimumHeight(40)
            b.setAccessibleName(b.text().replace("&", ""))
            b.clicked.connect(sig)
            buttons.addWidget(b)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        recent_label = QLabel(_("&Recent events"))
        self.recent = QListWidget()
        self.recent.setAccessibleName(_("Recent events"))
        self.recent.setSpacing(3)
        self.recent.setWordWrap(True)
        recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._chosen)
        outer.addSpacing(12)
        outer.addWidget(recent_label)
        outer.addWidget(self.recent, 1)

    def _chosen(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.recent_chosen.emit(path)

    def set_recent(self, paths: list[str]) -> None:
        """Each recent event as its title and date, with the file's place on a second line;
        a file that is gone or cannot be read says so and cannot be chosen."""
        self.recent.clear()
        for info in recent.describe_all(paths):
            path = Path(info.path)
            if not info.exists:
                first = _("{name} (missing: the file is no longer there)").format(name=path.stem)
            elif not info.readable:
                first = _("{name} (cannot be read as an event)").format(name=path.name)
            elif info.date is not None:
                first = _("{title}, {date}").format(title=info.title, date=i18n.format_date(info.date, "long"))
            else:
                first = info.title
            item = QListWidgetItem(first + "\n" + info.path)  # a server event: its address (no password)
            item.setData(Qt.ItemDataRole.UserRole, info.path)
            item.setToolTip(info.path)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, first + ", " + info.path)
            if not info.readable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        if not self.recent.count():
            item = QListWidgetItem(_("No recent events yet: make a new event or try the demo."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
        for row in range(self.recent.count()):
            if self.recent.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.recent.setCurrentRow(row)
                break
