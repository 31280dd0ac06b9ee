"""Long work off the GUI thread, with progress and Cancel.

Long operations are plain functions ``fn(progress, should_stop) -> result``
(Orange3 style): ``progress(fraction, message="")`` reports 0..1 and
``should_stop()`` tells them to stop early. :func:`run_task` runs one on a
``QThreadPool`` worker and shows a modal, cancellable progress dialog; the
callbacks run on the GUI thread. The function must open its own database
session (sessions are never shared between threads).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _

log = logging.getLogger(__name__)

Progress = Callable[..., None]
Task = Callable[[Progress, Callable[[], bool]], Any]


class _Signals(QObject):
    progressed = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Task, stop: threading.Event) -> None:
        super().__init__()
        self.fn = fn
        self.stop = stop
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:  # worker thread: never touch widgets here
        def progress(fraction: float, message: str = "") -> None:
            self.signals.progressed.emit(float(fraction), str(message))

        try:
            result = self.fn(progress, self.stop.is_set)
        except BaseException as exc:  # reported on the GUI thread
            self.signals.failed.emit(exc, traceback.format_exc())
            return
        self.signals.finished.emit(result)


class TaskHandle(QObject):
    """A running task. ``cancel()`` asks it to stop; the signals fire on the GUI thread."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    done = Signal()

    def __init__(self, fn: Task, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        #: the progress dialog while it is shown (None once closed; ``run_task`` sets it)
        self.dialog: QProgressDialog | None = None
        self._runnable = _Runnable(fn, self._stop)
        sig = self._runnable.signals
        sig.progressed.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        sig.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        sig.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> None:
        self.running = True
        (pool or QThreadPool.globalInstance()).start(self._runnable)

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self.running = False
        self.succeeded.emit(result)
        self.done.emit()

    @Slot(object, str)
    def _on_failed(self, exc: object, tb: str) -> None:
        self.running = False
        if isinstance(exc, DialogueError):  # expected (a user's mistake, Cancel): not a bug
            log.debug("task stopped: %s", exc)
        elif isinstance(exc, BaseException):
            from dialogue_app.ui.errors import log_bug

            log_bug(exc, "task failed")
        self.failed.emit(exc)
        self.done.emit()


def run_task(
    parent: QWidget | None,
    title: str,
    fn: Task,
    on_success: Callable[[Any], object] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    modal: bool = True,
    cancel_text: str | None = None,
) -> TaskHandle:
    """Start ``fn`` on a worker thread with a progress dialog (Cancel asks it to stop)."""
    handle = TaskHandle(fn, parent)
    dialog = QProgressDialog(title, cancel_text or _("Cancel"), 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setMinimumDuration(300)
    # room for a long button ("Stoppen en de beste indeling houden") beside Qt's narrow default
    dialog.setMinimumWidth(max(360, dialog.fontMetrics().horizontalAdvance(cancel_text or "") + 160))
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if modal:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setValue(0)

    def on_progress(fraction: float, message: str) -> None:
        if handle.dialog is None:
            return
        dialog.setValue(max(0, min(1000, int(fraction * 1000))))
        if message:
            dialog.setLabelText(message)

    def finish() -> None:
        """Close the progress dialog for good (its timer too): before any result or error
        is shown, so a message box never opens under a progress dialog."""
        if handle.dialog is None:
            return
        handle.dialog = None
        dialog.blockSignals(True)  # closing a progress dialog emits canceled: not a Cancel now
        dialog.reset()
        dialog.hide()
        dialog.close()
        dialog.deleteLater()

    def succeeded(result: object) -> None:
        finish()
        if on_success is not None:
            on_success(result)

    def failed(exc: BaseException) -> None:
        finish()
        if on_error is not None:
            on_error(exc)

    handle.progressed.connect(on_progress)
    dialog.canceled.connect(handle.cancel)
    dialog.canceled.connect(lambda: dialog.setLabelText(_("Stopping…")))
    handle.succeeded.connect(succeeded)
    handle.failed.connect(failed)
    handle.done.connect(finish)
    handle.dialog = dialog  # None once closed
    handle.start()
    return handle
