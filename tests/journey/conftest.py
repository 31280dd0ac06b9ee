"""Helpers of the journey test: a main window at 1366×768 in the run's language, modal dialogs
driven from a timer (as a user answers them), native file dialogs replaced by the path a user
would pick, and a screenshot per step into ``$DIALOGUE_APP_JOURNEY_SHOTS`` (when set)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from dialogue_app.ui import context

SHOTS_ENV = "DIALOGUE_APP_JOURNEY_SHOTS"


class Shots:
    """``shot("import-mapping", widget)`` saves ``<lang>-07-import-mapping.png`` (numbered in
    the order taken) of the widget (the main window unless another is given)."""

    def __init__(self, window: QWidget, lang: str) -> None:
        self.window = window
        self.lang = lang
        self.n = 0
        folder = os.environ.get(SHOTS_ENV, "").strip()
        self.folder = Path(folder) if folder else None
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str, widget: QWidget | None = None) -> None:
        self.n += 1
        QApplication.processEvents()
        if self.folder is None:
            return
        (widget or self.window).grab().save(str(self.folder / f"{self.lang}-{self.n:02d}-{name}.png"))


def when_modal(kind: type, act: Callable[[QWidget], None], timeout_ms: int = 15000) -> None:
    """Once a modal dialog of ``kind`` is on screen (opened by the next click, which blocks in
    its ``exec()``), run ``act(dialog)`` as the user would answer it."""
    waited = [0]

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, kind) and w.isVisible():
            act(w)
            return
        waited[0] += 50
        if waited[0] > timeout_ms:
            raise AssertionError(f"no {kind.__name__} dialog appeared")
        QTimer.singleShot(50, poll)

    QTimer.singleShot(0, poll)


def drag_people(target: QWidget, mime: str, ids: list[str], pos: QPoint) -> None:
    """Drag people (their ids in the people lists' MIME type) over ``target`` and drop them at
    ``pos``, as Qt delivers a drag: enter, move, drop."""
    data = QMimeData()
    data.setData(mime, ",".join(ids).encode())
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    mods = Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(target, QDragEnterEvent(pos, actions, data, Qt.MouseButton.LeftButton, mods))
    QApplication.sendEvent(target, QDragMoveEvent(pos, actions, data, Qt.MouseButton.LeftButton, mods))
    QApplication.sendEvent(target, QDropEvent(QPointF(pos), actions, data, Qt.MouseButton.LeftButton, mods))


@pytest.fixture
def no_native_dialogs(monkeypatch):
    """The native file dialogs answer with the paths set in the returned dict (as a user picks
    them): ``save``, ``open``, ``open_many``, ``folder``."""
    answers: dict[str, object] = {}
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(answers.pop("save")), ""))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(answers.pop("open")), ""))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileNames",
                        lambda *a, **k: ([str(p) for p in answers.pop("open_many")], ""))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getExistingDirectory",
                        lambda *a, **k: str(answers.pop("folder")))
    return answers


@pytest.fixture
def errors_recorded():
    """Errors are recorded instead of shown (the test asserts none came)."""
    context.record_errors_for_tests()
    context.REPORTED.clear()
    yield context.REPORTED
    context.REPORTED.clear()
