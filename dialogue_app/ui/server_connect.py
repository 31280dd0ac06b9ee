"""File ▸ Connect to server…: open an event on a shared PostgreSQL server.

The organiser types the server's address (``postgresql://host/database``, TLS options such as
``sslmode=verify-full`` allowed), lists the server's events and opens one. There is no password field
on purpose: a password would end up in the settings; libpq takes it from the PostgreSQL password file,
a service file or ``PGPASSWORD``, and cannot ask for it in a window — the dialog says where to put it.
Problems (unreachable, not prepared, login refused, a password in the address) are shown in the
dialog in the words storage gives them. An event opened here joins File ▸ Open Recent by its address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.storage.address import ServerAddress, is_server_address, parse_address, parse_server_url

EXAMPLE = "postgresql://db.city.example/dialogue?sslmode=verify-full"


def recent_entry(location: str) -> tuple[str, bool]:
    """How File ▸ Open Recent shows an entry: its name, and whether it can be chosen (a file that is
    gone cannot; a server event can, whether the server answers is seen when opening)."""
    if not is_server_address(location):
        return Path(location).name, Path(location).exists()
    try:
        where = parse_address(location)
    except DialogueError:
        return location, False
    assert isinstance(where, ServerAddress)
    return _("{event} on {server}").format(event=where.event, server=where.host_label), True


def last_server_url(recent: list[str]) -> str:
    """The server of the most recent server event (to start from), or ''."""
    for location in recent:
        if is_server_address(location):
            try:
                return parse_server_url(location)[0]
            except DialogueError:
                continue
    return ""


def disable_file_only(ctx: Any, actions: list[QAction]) -> None:
    """On a server event, actions that work on an event file only (table packages, restoring a backup
    file) are disabled, saying why."""
    store = ctx.store
    if store is None or not store.is_server:
        for action in actions:
            action.setToolTip("")
        return
    reason = _(
        "This works on an event file only; “{event}” is an event on a server. Pull it into a file first."
    ).format(event=store.address.event)
    for action in actions:
        action.setEnabled(False)
        action.setToolTip(reason)


class ServerConnectDialog(QDialog):
    """Address → List events → Open. ``opened`` holds the address of the event opened (or None)."""

    def __init__(self, open_address: Any, parent: QWidget | None = None, *, url: str = "") -> None:
        super().__init__(parent)
        self._open_address = open_address
        self.opened: str | None = None
        self._url = ""
        self.setWindowTitle(_("Connect to a server"))
        self.setAccessibleName(_("Connect to a server"))
        intro = QLabel(
            _(
                "Open an event that several organisers and doors share on a PostgreSQL server. Type the "
                "server's address as your IT department gave it, for example {example}."
            ).format(example=EXAMPLE)
        )
        intro.setWordWrap(True)
        password = QLabel(
            _(
                "There is no password field: the app cannot ask for it. Before starting the app, put the "
                "password in your PostgreSQL password file (~/.pgpass; on Windows "
                "%APPDATA%\\postgresql\\pgpass.conf), in a service file (pg_service.conf), or in the "
                "PGPASSWORD environment variable."
            )
        )
        password.setWordWrap(True)
        password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        address_label = QLabel(_("Server &address:"))
        self.address = QLineEdit(url)
        self.address.setPlaceholderText(EXAMPLE)
        self.address.setAccessibleName(_("Server address"))
        self.address.setMinimumWidth(self.address.fontMetrics().averageCharWidth() * 45)
        address_label.setBuddy(self.address)
        self.address.returnPressed.connect(self.list_events)
        self.address.textEdited.connect(self._address_edited)
        self.list_button = QPushButton(_("&List events"))
        self.list_button.setAccessibleName(_("List events"))
        self.list_button.clicked.connect(self.list_events)
        events_label = QLabel(_("&Events on the server:"))
        self.events = QListWidget()
        self.events.setAccessibleName(_("Events on the server"))
        events_label.setBuddy(self.events)
        self.events.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.events.itemActivated.connect(lambda _item: self.open_chosen())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(_("Connection status"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setAutoDefault(False)
        self.list_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.open_chosen)
        self.buttons.rejected.connect(self.reject)
        address_row = QHBoxLayout()
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.list_button)
        layout = QVBoxLayout(self)
        for label in (intro, password, address_label):
            layout.addWidget(label)
        layout.addLayout(address_row)
        for widget in (events_label, self.events, self.message, self.buttons):
            layout.addWidget(widget)
        layout.setStretchFactor(self.events, 1)
        self.resize(max(self.sizeHint().width(), self.fontMetrics().averageCharWidth() * 95), 520)
        self._update_buttons()

    def _address_edited(self, _text: str) -> None:
        if self._url:  # the list belonged to the address before the edit
            self._url = ""
            self.events.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(bool(self._url) and self.events.currentItem() is not None)

    def _show_problem(self, exc: DialogueError) -> None:
        self.message.setText(exc.message)
        self.message.setStyleSheet("color: #a40000;")

    def list_events(self) -> bool:
        """List the events of the server typed; True when the server answered."""
        from dialogue_app.storage import pg_server

        self.events.clear()
        self._url = ""
        self._update_buttons()
        typed = self.address.text().strip()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            url, wanted = parse_server_url(typed)
            found = pg_server.list_events(url)
        except DialogueError as exc:
            self._show_problem(exc)
            return False
        except Exception as exc:  # an address the driver cannot read (a stray character, a bad option)
            self._show_problem(DialogueError(_("This address cannot be used: {detail}").format(detail=exc)))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._url = url
        self.message.setStyleSheet("")
        self.message.setText(
            _("This server has no events yet.") if not found else _("Choose an event and open it.")
        )
        for info in found:
            item = QListWidgetItem(f"{info.name} — {info.title}" if info.title else info.name)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            self.events.addItem(item)
            if info.name == wanted:
                self.events.setCurrentItem(item)
        if self.events.count() and self.events.currentItem() is None:
            self.events.setCurrentRow(0)
        self.events.setFocus()
        self._update_buttons()
        return True

    def open_chosen(self) -> bool:
        """Open the event chosen (the window's usual open path); True when it opened."""
        item = self.events.currentItem()
        if not self._url or item is None:
            return False
        location = str(ServerAddress(self._url, str(item.data(Qt.ItemDataRole.UserRole))))
        if not self._open_address(location):
            return False
        self.opened = location
        self.accept()
        return True


def open_connect_dialog(window: Any) -> ServerConnectDialog:
    """Show File ▸ Connect to server… for ``window`` (a MainWindow); returned for tests."""
    dialog = ServerConnectDialog(window.open_path, window, url=last_server_url(window.ctx.settings.recent))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


__all__ = ["ServerConnectDialog", "last_server_url", "open_connect_dialog", "recent_entry"]
