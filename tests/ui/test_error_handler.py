"""One handler for the unexpected: an exception nobody caught (in a Qt slot, in a thread)
is logged with its traceback in the log file, the user sees a calm message with the
details collapsed, and the app keeps running; expected problems keep their plain message
and are not logged as bugs."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton

from dialogue_app.errors import UserInputError
from dialogue_app.ui import context
from dialogue_app.ui.errors import log_path

pytestmark = [pytest.mark.qt, pytest.mark.qt_no_exception_capture]


def shown_boxes(ctx) -> list[dict]:
    seen: list[dict] = []
    ctx.error_shown.connect(lambda box: seen.append(
        {"title": box.windowTitle(), "text": box.text(), "details": box.detailedText(), "parent": box.parent()}))
    return seen


def test_a_bug_in_a_slot_is_logged_and_shown_calmly(window, qtbot):
    """A button whose slot raises: the traceback is in the log file, the message says the
    event is saved and where the details are (the traceback under Show Details), and the
    window and the event stay open."""
    seen = shown_boxes(window.ctx)
    button = QPushButton("Break", window)

    def broken() -> None:
        raise RuntimeError("boom in a slot")

    button.clicked.connect(broken)
    button.click()
    assert len(context.REPORTED) == 1 and isinstance(context.REPORTED[0], RuntimeError)
    box = seen[0]
    assert box["text"].startswith("Something went wrong. Your event is saved up to the last change.")
    assert str(log_path()) in box["text"]
    assert "boom in a slot" in box["details"] and "Traceback" in box["details"]
    assert box["parent"] is window
    assert "boom in a slot" in log_path().read_text(encoding="utf-8")
    assert window.isVisible() and window.ctx.has_event
    assert window.show_area("people") is not None


def test_a_bug_in_a_thread_is_reported_on_the_gui_thread(window, qtbot):
    """An exception in a plain worker thread reaches the same calm message."""
    t = threading.Thread(target=lambda: 1 / 0)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: bool(context.REPORTED), timeout=5000)
    assert isinstance(context.REPORTED[0], ZeroDivisionError)
    assert "ZeroDivisionError" in log_path().read_text(encoding="utf-8")


def test_an_expected_problem_keeps_its_plain_message_and_is_not_logged(window, qtbot):
    """A UserInputError nobody caught shows its own message, not the bug message, and the
    log file holds no traceback for it."""
    seen = shown_boxes(window.ctx)
    button = QPushButton("Mistake", window)

    def mistake() -> None:
        raise UserInputError("The number must be positive.")

    button.clicked.connect(mistake)
    button.click()
    assert [b["text"] for b in seen] == ["The number must be positive."]
    assert seen[0]["title"] == "Problem"
    logged = log_path().read_text(encoding="utf-8") if log_path().exists() else ""
    assert "The number must be positive." not in logged
