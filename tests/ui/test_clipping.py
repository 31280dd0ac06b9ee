"""Every main screen at 1366×768 in a pseudo-language (accented, 40 % longer, bracketed), in
German and in Arabic (mirrored): no clipped, elided, sticking-out or overlapping text.

The screens: the welcome screen, each area of ui/areas.py on the demo event, and the dialogs
that open without the user's files (new event, person editor, tables editor, export, the
import wizard's first page). Set ``DIALOGUE_APP_CLIP_SHOTS`` to a folder to get a screenshot of
each screen. A failure names the screen, the widget (class and accessible name), its text and
the sizes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from dialogue_app import i18n
from dialogue_app.services import people as people_service
from dialogue_app.ui import areas
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.language_menu import install_qt_translations
from dialogue_app.ui.main_window import MainWindow
from dialogue_app.ui.new_event_dialog import NewEventDialog
from dialogue_app.ui.person_dialog import PersonDialog
from dialogue_app.ui.tables_editor import open_tables_editor
from tests.ui.clipping import clipping_problems
from tests.ui.pseudo import CODE as PSEUDO
from tests.ui.pseudo import use_pseudo

pytestmark = pytest.mark.slow

SCREEN_W, SCREEN_H = 1366, 768

#: Known problems not fixed yet: (language or "*", screen, start of the problem line after
#: "screen: "). Each entry is a debt: say why it is here.
ALLOWED: list[tuple[str, str, str]] = [
]


def _allowed(lang: str, line: str) -> bool:
    screen, _sep, rest = line.partition(": ")
    return any(lg in ("*", lang) and sc == screen and rest.startswith(start) for lg, sc, start in ALLOWED)


@pytest.fixture
def interface_language(request, monkeypatch) -> Iterator[str]:
    lang = request.param
    if lang == PSEUDO:
        use_pseudo(monkeypatch)
    else:
        i18n.set_language(lang)
    install_qt_translations(QApplication.instance())
    yield lang
    monkeypatch.undo()
    i18n.set_language("en")
    install_qt_translations(QApplication.instance())


def _settle(qtbot) -> None:
    for _k in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def _shoot(lang: str, screen: str, widget: QWidget) -> None:
    folder = os.environ.get("DIALOGUE_APP_CLIP_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{lang}-{screen}.png"))


def _check(lang: str, screen: str, widget: QWidget, qtbot, found: list[str]) -> None:
    _settle(qtbot)
    _shoot(lang, screen, widget)
    found.extend(clipping_problems(screen, widget))


def _show_dialog(screen: str, dlg: QWidget, qtbot, found: list[str]) -> None:
    """Shown as a window manager would on a 1366×768 screen: at most the screen's size (a
    dialog that cannot shrink that far is a problem of its own)."""
    least = dlg.minimumSizeHint().expandedTo(dlg.minimumSize())
    if least.width() > SCREEN_W or least.height() > SCREEN_H - 40:
        found.append(f"{screen}: {type(dlg).__name__}: needs at least {least.width()}×{least.height()}, "
                     f"more than the {SCREEN_W}×{SCREEN_H} screen")
    dlg.show()
    qtbot.waitExposed(dlg)
    if dlg.width() > SCREEN_W or dlg.height() > SCREEN_H - 40:
        dlg.resize(min(dlg.width(), SCREEN_W), min(dlg.height(), SCREEN_H - 40))


@pytest.mark.parametrize("interface_language", [PSEUDO, "de", "ar"], indirect=True)
def test_no_clipped_or_overlapping_text(interface_language, qtbot, demo_path):
    """Welcome screen, every area and the main dialogs, at 1366×768: every text fits its widget,
    no widget sticks out of its parent and no two texts overlap (see tests/ui/clipping.py)."""
    lang = interface_language
    found: list[str] = []
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(SCREEN_W, SCREEN_H)
    win.show()
    qtbot.waitExposed(win)
    _check(lang, "welcome", win, qtbot, found)
    assert win.open_path(demo_path)
    try:
        for spec in areas.AREAS:
            assert win.show_area(spec.key) is not None, spec.key
            _check(lang, f"area-{spec.key}", win, qtbot, found)
            panel = win.pages.currentWidget()
            for k, tabs in enumerate([t for t in panel.findChildren(QTabWidget) if t.isVisible()]):
                for index in range(1, tabs.count()):  # the other pages of the area's tabs
                    if tabs.isTabEnabled(index) and tabs.isTabVisible(index):
                        tabs.setCurrentIndex(index)
                        _check(lang, f"area-{spec.key}-tabs{k}-page{index}", win, qtbot, found)
                tabs.setCurrentIndex(0)
        people = win.show_area("people")
        data = ctx.read(lambda s: people_service.get_person(s, people.model.rows[0].id))
        dialogs: list[tuple[str, QWidget | None]] = [
            ("new-event", NewEventDialog(win)),
            ("person", PersonDialog(data, people.model.dimensions, i18n.gettext("Edit person"), win)),
        ]
        for screen, dlg in dialogs:
            _show_dialog(screen, dlg, qtbot, found)
            _check(lang, screen, dlg, qtbot, found)
            dlg.close()
        for screen, opener in (("tables-editor", lambda: open_tables_editor(ctx, win)),
                               ("export", win.export_data),
                               ("import-wizard", win.import_people)):
            dlg = opener()
            assert dlg is not None, screen
            _show_dialog(screen, dlg, qtbot, found)
            _check(lang, screen, dlg, qtbot, found)
            if shiboken6.isValid(dlg):
                dlg.close()
    finally:
        ctx.close_event()
    problems = [line for line in found if not _allowed(lang, line)]
    assert not problems, f"{len(problems)} clipped or overlapping texts in {lang}:\n" + "\n".join(problems)
