"""One error handler for the whole app.

Expected problems (a :class:`~dialogue_app.errors.DialogueError`: a bad value, a damaged
file, an impossible plan) keep their plain, translated message and are not logged as
bugs. Anything else is a bug: its traceback goes to a rotating log file in the user's
data directory and the user sees a calm message that points to it, with the details
under "Show Details…"; the app keeps running. :func:`install_error_handler` routes
exceptions that nobody caught (``sys.excepthook``: also those raised in Qt slots, which
PySide6 hands to it; ``threading.excepthook`` for plain threads) to the same message.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dialogue_app import paths
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext

log = logging.getLogger("dialogue_app.ui.errors")

LOG_NAME = "dialogue_app.log"
#: reasons shown in the message itself; more are under "Show Details…"
SHOWN_DETAILS = 8


def log_path() -> Path:
    """The log file where bugs are written (the newest of a few rotated files)."""
    return paths.log_dir() / LOG_NAME


_file_handler: logging.Handler | None = None


def setup_log_file() -> None:
    """Send the app's log to the rotating log file (again after the data directory changed)."""
    global _file_handler
    root = logging.getLogger("dialogue_app")
    target = str(log_path())
    if isinstance(_file_handler, RotatingFileHandler) and _file_handler.baseFilename == target:
        return
    if any(isinstance(h, RotatingFileHandler) and h.baseFilename == target for h in root.handlers):
        return  # the command line set it up
    if _file_handler is not None:
        root.removeHandler(_file_handler)
        _file_handler.close()
    try:
        _file_handler = RotatingFileHandler(target, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        _file_handler = logging.StreamHandler()
    _file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_file_handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def is_expected(exc: BaseException) -> bool:
    """A problem the app foresaw (its message is for the user), not a bug."""
    return isinstance(exc, DialogueError)


def format_traceback(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def log_bug(exc: BaseException, where: str = "unexpected error") -> None:
    """Write a bug's traceback to the log file (once per exception)."""
    if getattr(exc, "_dialogue_logged", False):
        return
    setup_log_file()
    log.error("%s", where, exc_info=(type(exc), exc, exc.__traceback__))
    with contextlib.suppress(AttributeError):
        exc._dialogue_logged = True  # type: ignore[attr-defined]


def error_box(exc: BaseException, parent: QWidget | None = None) -> QMessageBox:
    """The message box for an error: a user's mistake says what is wrong and, below, its
    first reasons (e.g. which rule makes a plan impossible); a bug is logged and the box
    says so calmly, with the traceback under "Show Details…"."""
    if is_expected(exc):
        assert isinstance(exc, DialogueError)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Problem"), exc.message, QMessageBox.StandardButton.Ok,
                          parent)
        if exc.details:
            details = list(exc.details)
            shown = details[:SHOWN_DETAILS]
            if len(details) > SHOWN_DETAILS:
                more = len(details) - SHOWN_DETAILS
                shown.append(ngettext("… and {n} more in the details", "… and {n} more in the details",
                                      more).format(n=more))
            box.setInformativeText("\n".join(shown))
            if len(details) > SHOWN_DETAILS:
                box.setDetailedText("\n".join(details))
    else:
        log_bug(exc)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            _("Unexpected error"),
            _("Something went wrong. Your event is saved up to the last change. Details are in {log}.").format(
                log=log_path()),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setInformativeText(_("You can go on working. If it happens again, please send that file to the "
                                 "app's maintainers."))
        box.setDetailedText(format_traceback(exc))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAccessibleName(box.windowTitle())
    return box


class _ErrorHandler(QObject):
    """Receives uncaught exceptions from any thread and reports them on the GUI thread."""

    arrived = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        #: shows an error to the user (the window's ``AppContext.report_error``)
        self.report_to: Callable[[BaseException], None] | None = None
        self._showing = False
        self.arrived.connect(self.report, Qt.ConnectionType.QueuedConnection)

    def report(self, exc: BaseException) -> None:
        if self.report_to is None or self._showing:  # an error while showing one: the log has it
            if not is_expected(exc):
                log_bug(exc, "unexpected error while reporting another")
            return
        self._showing = True
        try:
            self.report_to(exc)
        except Exception:  # never let the handler itself take the app down
            log.exception("the error handler failed")
        finally:
            self._showing = False

    def excepthook(self, exc_type: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        if threading.current_thread() is threading.main_thread():
            self.report(exc)
        else:
            self.arrived.emit(exc)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)


_handler: _ErrorHandler | None = None


def install_error_handler(report: Callable[[BaseException], None]) -> None:
    """Report every exception nobody caught through ``report`` (the window's
    ``AppContext.report_error``: calm message, log file) and keep the app running. Safe to
    call again (e.g. by a window rebuilt in another language)."""
    global _handler
    setup_log_file()
    if _handler is None:
        _handler = _ErrorHandler()
    _handler.report_to = report
    sys.excepthook = _handler.excepthook
    threading.excepthook = _handler.thread_excepthook
