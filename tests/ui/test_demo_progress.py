"""Open the demo event: its creation reports real progress, step by step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from dialogue_app.services import demo

pytestmark = pytest.mark.qt


def test_the_demo_button_shows_each_step_of_the_demo(qtbot):
    """Welcome ▸ Open the demo event: the progress dialog moves from 0 to 100 % in many steps
    and names them (people, planning, facilitation, commitments, survey); then the demo opens."""
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    win = MainWindow(AppContext())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    assert not demo.default_demo_path().exists()
    seen: list[tuple[float, str]] = []
    win.welcome.demo_button.click()
    task = win.demo_task
    # in the order the work reports it (the GUI may deliver two queued reports inside one another:
    # a modal progress dialog's setValue processes events)
    task._runnable.signals.progressed.connect(lambda f, m: seen.append((f, m)), Qt.ConnectionType.DirectConnection)
    labels: list[str] = []
    task.progressed.connect(lambda f, m: labels.append(task.dialog.labelText()) if task.dialog else None)
    qtbot.waitUntil(lambda: win.ctx.has_event, timeout=180000)
    fractions = [f for f, _m in seen]
    assert len(set(fractions)) >= 8 and fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = {m for _f, m in seen if m}
    for step in ("Registering the people…", "Planning the tables…", "Writing the facilitation script…",
                 "Writing the commitments…", "Filling in the surveys…"):
        assert step in messages and step in labels
    win.ctx.close_event()


def test_a_cancelled_demo_leaves_no_file(tmp_path):
    """Cancel while the demo is written: nothing is left on disk."""
    from dialogue_app.errors import Cancelled

    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        demo.create_demo_file(tmp_path / "d.dialogue", participants=60, should_stop=stop)
    assert not (tmp_path / "d.dialogue").exists()
