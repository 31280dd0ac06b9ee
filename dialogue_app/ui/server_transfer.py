"""File ▸ Upload to server… (the open event file becomes a new event on a shared server) and, for an
open server event, File ▸ Save a copy as file… (the whole event into an ordinary event file): the
app's side of ``dialogue-app push`` and ``pull`` (:mod:`dialogue_app.services.transfer`), on a worker
with progress; Cancel stops the copy and leaves nothing behind (the copy is one transaction).

:func:`add_transfer_actions` puts the two actions into the File menu; which one shows depends on
where the open event lives (a file: upload; a server: save a copy as file, instead of Save a Copy…).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import EVENT_SUFFIX
from dialogue_app.errors import Cancelled, DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.widgets.files import event_file_filter as file_filter


def _plain(label: str) -> str:
    """A form label as an accessible name: without its mnemonic "&" and colon."""
    return label.replace("&", "").rstrip(":： ").strip()


def _copy_progress(progress: Callable[..., None], should_stop: Callable[[], bool]) -> Callable[[int, int], None]:
    """copy_event's (tables done, tables) as the worker's fraction; Cancel stops the copy (rolled back)."""

    def report(done: int, total: int) -> None:
        if should_stop():
            raise Cancelled(_("Cancelled."))
        progress(done / total if total else 1.0)

    return report


class UploadDialog(QDialog):
    """The server's address and the new event's name; OK uploads the open event file there."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Any = None
        self.setWindowTitle(_("Upload to server"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("The open event is copied, whole, as a new event onto the server. Your file stays as "
                         "it is."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql://HOST/DATABASE")
        form.addRow(_("Server &address:"), self.url)
        self.url.setAccessibleName(_plain(_("Server &address:")))
        self.name = QLineEdit(self._suggested_name())
        form.addRow(_("Event &name on the server:"), self.name)
        self.name.setAccessibleName(_plain(_("Event &name on the server:")))
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.url.setFocus()

    def _suggested_name(self) -> str:
        path = self.ctx.path if self.ctx.store is not None and not self.ctx.store.is_server else None
        stem = path.stem.lower() if path else ""
        name = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in stem).strip("-_")
        return name[:48]

    def accept(self) -> None:
        from dialogue_app.services.transfer import push_event
        from dialogue_app.storage.address import ServerAddress, parse_address, parse_server_url

        store = self.ctx.store
        if store is None or store.is_server:
            super().reject()
            return
        try:
            parse_server_url(self.url.text())  # says what is wrong with an address that is not one
            address = parse_address(self.url.text().strip(), self.name.text().strip() or None)
            assert isinstance(address, ServerAddress)
        except DialogueError as exc:
            self.ctx.report_error(exc, self)
            return  # the dialog stays open with what was typed
        source = store.path

        def work(progress, should_stop):
            return push_event(source, address, progress=_copy_progress(progress, should_stop))

        def done(result) -> None:
            self.ctx.status_message.emit(ngettext("Copied {n} row to {target}.", "Copied {n} rows to {target}.",
                                                  result.rows).format(n=result.rows, target=result.label))

        super().accept()
        self.task = self.ctx.run_task(_("Uploading the event…"), work, done, parent=self.parentWidget())


def save_copy_as_file(ctx: AppContext, parent: QWidget | None) -> Any:
    """File ▸ Save a copy as file… for an open server event (the task, for tests; None when not started)."""
    from dialogue_app.services.transfer import pull_event

    store = ctx.store
    if store is None or not store.is_server:
        return None
    address = store.address  # type: ignore[attr-defined]
    suggested = str(Path.home() / f"{address.event}{EVENT_SUFFIX}")
    path = ctx.dialogs.choose_save_file(parent, _("Save a copy"), suggested, file_filter(), key="pull_copy")
    if not path:
        return None
    if Path(path).suffix != EVENT_SUFFIX:
        path += EVENT_SUFFIX

    def work(progress, should_stop):  # the file dialog asked before replacing an existing file
        return pull_event(address, path, force=True, progress=_copy_progress(progress, should_stop))

    def done(result) -> None:
        ctx.status_message.emit(_("Saved a copy as {path}.").format(path=result.path))

    return ctx.run_task(_("Saving a copy…"), work, done, parent=parent)


def add_transfer_actions(window: Any, menu: QMenu) -> list[QAction]:
    """Add File ▸ Upload to server… and Save a copy as file… to ``menu`` (shown for a file event and a
    server event respectively; a server event hides Save a Copy…, which copies a file)."""
    ctx: AppContext = window.ctx
    upload = QAction(_("&Upload to server…"), window)
    upload.triggered.connect(lambda: open_upload_dialog(window))
    pull = QAction(_("Save a copy as &file…"), window)
    pull.triggered.connect(lambda: save_copy_as_file(ctx, window))
    menu.addAction(upload)
    menu.addAction(pull)

    def update() -> None:
        on_server = ctx.store is not None and ctx.store.is_server
        upload.setVisible(not on_server)
        upload.setEnabled(ctx.store is not None)
        pull.setVisible(on_server)
        copy = getattr(window, "act_copy", None)
        if copy is not None:
            copy.setVisible(not on_server)

    ctx.event_opened.connect(update)
    ctx.event_closed.connect(update)
    update()
    return [upload, pull]


def open_upload_dialog(window: Any) -> UploadDialog | None:
    """File ▸ Upload to server…: the dialog, shown (returned for tests)."""
    if window.ctx.store is None or window.ctx.store.is_server:
        return None
    dialog = UploadDialog(window.ctx, window)
    window.upload_dialog = dialog
    dialog.open()
    return dialog
