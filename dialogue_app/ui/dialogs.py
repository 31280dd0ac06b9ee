"""The questions and messages the app puts in front of the user, behind one seam.

Production code asks through ``ctx.dialogs`` (:class:`Dialogs`: modal Qt dialogs) and never
asks whether it runs under test. Tests install :class:`Unattended` (``install``, or
``context.record_errors_for_tests()``): errors are recorded instead of shown and each
question gets the answer the test put in :attr:`Unattended.answers` under the question's key,
or the question's ``unattended`` default. Pass a :class:`Dialogs` to ``AppContext(dialogs=…)``
to inject another one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

Button = QMessageBox.StandardButton
_NO_ANSWER = object()


class Dialogs:
    """Modal Qt dialogs, as the user sees them."""

    #: whether the questions really open (False: answered by the test that installed the service)
    modal = True

    def show_error(self, box: QMessageBox, exc: BaseException) -> None:
        """Show an error's message box (made by ``ui.errors.error_box``) and wait for Ok."""
        box.exec()
        box.deleteLater()

    def confirm(self, parent: QWidget | None, title: str, text: str, *, key: str, unattended: bool,
                about: BaseException | None = None,
                buttons: Button = Button.Yes | Button.No) -> bool:
        """A yes/no question; True for Yes. ``key`` names the question for tests, ``unattended``
        is the answer when nobody is there to ask, ``about`` the problem the question is about."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
        if buttons & Button.No:
            box.setDefaultButton(Button.No)  # Enter never confirms a destructive step by accident
        box.setAccessibleName(title)
        return box.exec() == Button.Yes

    def ask_button(self, box: QMessageBox, *, key: str) -> int:
        """Open a prepared message box (several buttons) and return the button pressed."""
        return box.exec()

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        """A message with an Ok button."""
        QMessageBox.information(parent, title, text)

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "", *,
                 key: str) -> str | None:
        """One line of text, or None when cancelled."""
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def choose_open_file(self, parent: QWidget | None, title: str, folder: str, file_filter: str, *,
                         key: str) -> str:
        """A file to open ("" when cancelled)."""
        path, _sel = QFileDialog.getOpenFileName(parent, title, folder, file_filter)
        return path

    def choose_save_file(self, parent: QWidget | None, title: str, suggested: str, file_filter: str, *,
                         key: str) -> str:
        """A file to write ("" when cancelled)."""
        path, _sel = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return path


class Unattended(Dialogs):
    """For tests: errors go to ``reported``; a question with an answer in ``answers`` (by its key)
    gets it, otherwise a yes/no question its ``unattended`` default and the other dialogs open as
    usual (a test drives them)."""

    modal = False

    def __init__(self, reported: list[BaseException], answers: dict[str, Any] | None = None) -> None:
        self.reported = reported
        self.answers: dict[str, Any] = dict(answers or {})

    def show_error(self, box: QMessageBox, exc: BaseException) -> None:
        self.reported.append(exc)
        box.deleteLater()

    def confirm(self, parent: QWidget | None, title: str, text: str, *, key: str, unattended: bool,
                about: BaseException | None = None,
                buttons: Button = Button.Yes | Button.No) -> bool:
        if about is not None:
            self.reported.append(about)
        return bool(self.answers.get(key, unattended))

    def ask_button(self, box: QMessageBox, *, key: str) -> int:
        answer = self.answers.get(key, _NO_ANSWER)
        return box.exec() if answer is _NO_ANSWER else answer

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "", *,
                 key: str) -> str | None:
        if key in self.answers:
            return self.answers[key]
        return super().ask_text(parent, title, label, text, key=key)

    def choose_open_file(self, parent: QWidget | None, title: str, folder: str, file_filter: str, *,
                         key: str) -> str:
        if key in self.answers:
            return str(self.answers[key])
        return super().choose_open_file(parent, title, folder, file_filter, key=key)

    def choose_save_file(self, parent: QWidget | None, title: str, suggested: str, file_filter: str, *,
                         key: str) -> str:
        if key in self.answers:
            return str(self.answers[key])
        return super().choose_save_file(parent, title, suggested, file_filter, key=key)


_current: Dialogs = Dialogs()


def current() -> Dialogs:
    """The dialog service of contexts made without their own."""
    return _current


def install(service: Dialogs) -> Dialogs:
    """Make ``service`` the dialog service of contexts made without their own; returns it."""
    global _current
    _current = service
    return service
