"""Accessibility and screen size: every visible control of the welcome screen, the
Event and People areas, the person editor and the import wizard has an accessible
name or a buddy label, and everything fits a 1366×768 screen."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from dialogue_app.services import people as people_service
from dialogue_app.ui.person_dialog import PersonDialog

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QTextEdit)
SCREEN_W, SCREEN_H = 1366, 768


def _is_inner_part(w: QWidget) -> bool:
    """Parts Qt builds inside a control (a spin box's line edit, a table's header or corner button)."""
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, (QAbstractSpinBox, QComboBox, QAbstractItemView, QLineEdit)):
            return True
        p = p.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    """The visible controls under ``root`` without an accessible name and without a buddy label."""
    buddies = {id(lab.buddy()) for lab in root.findChildren(QLabel) if lab.buddy() is not None}
    missing = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisibleTo(root) or _is_inner_part(w):
            continue
        if w.accessibleName().strip() or id(w) in buddies:
            continue
        text = w.text() if isinstance(w, QAbstractButton) else ""
        missing.append(f"{type(w).__name__} {w.objectName()!r} {text!r}")
    return missing


def test_area_panels_and_welcome_have_names(window):
    """Event and People panels and the welcome screen: no control without a name."""
    for key in ("event", "people"):
        panel = window.show_area(key)
        QApplication.processEvents()
        assert unnamed_controls(panel) == [], key
    assert unnamed_controls(window.welcome) == []
    assert window.nav.accessibleName()


def test_person_dialog_and_wizard_have_names(window):
    """The person editor and every page of the import wizard: no control without a name."""
    panel = window.show_area("people")
    data = window.ctx.read(lambda s: people_service.get_person(s, panel.model.rows[0].id))
    dlg = PersonDialog(data, panel.model.dimensions, "Edit person", window)
    dlg.show()
    assert unnamed_controls(dlg) == []
    assert dlg.width() <= SCREEN_W and dlg.height() <= SCREEN_H - 40
    dlg.close()
    wizard = window.import_people()
    for page in (wizard.file_page, wizard.mapping_page, wizard.check_page, wizard.import_page):
        assert unnamed_controls(page) == [], type(page).__name__
    assert unnamed_controls(wizard) == []
    assert wizard.width() <= SCREEN_W and wizard.height() <= SCREEN_H - 40
    wizard.reject()


def test_unnamed_control_is_detected():
    """The walker itself finds a nameless control (so the tests above can fail)."""
    root = QWidget()
    edit = QLineEdit(root)
    assert len(unnamed_controls(root)) == 1
    label = QLabel("&Name", root)
    label.setBuddy(edit)
    assert unnamed_controls(root) == []
    root.deleteLater()


def test_window_fits_1366x768(window):
    """At 1366×768 the window's minimum size fits and no widget of the Event or People area sticks out."""
    assert window.minimumSizeHint().width() <= SCREEN_W
    assert window.minimumSizeHint().height() <= SCREEN_H
    assert window.minimumWidth() <= SCREEN_W and window.minimumHeight() <= SCREEN_H
    for key in ("event", "people"):
        panel = window.show_area(key)
        QApplication.processEvents()
        assert panel.minimumSizeHint().width() <= window.pages.width(), key
        for w in panel.findChildren(QWidget):
            if not w.isVisible():
                continue
            pos = w.mapTo(window, w.rect().topLeft())
            assert w.width() <= SCREEN_W, (key, w)
            assert pos.x() + w.width() <= window.width() + 1, (key, type(w).__name__, w.accessibleName())
            assert pos.y() + w.height() <= window.height() + 1, (key, type(w).__name__, w.accessibleName())


def mnemonics(widgets_root: QWidget, menubar=None) -> list[str]:
    """The Alt+letter mnemonics of visible labels (with a buddy), buttons and menu titles, lower case."""
    import re

    texts = []
    for w in widgets_root.findChildren(QWidget):
        if not w.isVisibleTo(widgets_root):
            continue
        if (isinstance(w, QLabel) and w.buddy() is not None) or isinstance(w, QAbstractButton):
            texts.append(w.text())
    if menubar is not None:
        texts += [a.text() for a in menubar.actions()]
    keys = []
    for t in texts:
        m = re.search(r"&([^&\s])", t.replace("&&", ""))
        if m:
            keys.append(m.group(1).lower())
    return keys


def test_no_clashing_mnemonics(window):
    """In the Event and People areas no two labels, buttons or menus share an Alt+letter."""
    for key in ("event", "people"):
        panel = window.show_area(key)
        keys = mnemonics(panel, window.menuBar())
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        assert dupes == [], (key, dupes)
    panel = window.show_area("people")
    data = window.ctx.read(lambda s: people_service.get_person(s, panel.model.rows[0].id))
    dlg = PersonDialog(data, panel.model.dimensions, "Edit person", window)
    keys = mnemonics(dlg)
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


def test_every_area_and_tab_names_its_controls(window):
    """Every area of the main window, on every tab: no visible control without a name or buddy label."""
    from PySide6.QtWidgets import QTabWidget

    from dialogue_app.ui import areas

    problems = {}
    for spec in areas.AREAS:
        panel = window.show_area(spec.key)
        QApplication.processEvents()
        tabs = panel.findChildren(QTabWidget)
        pages = [(tw, i) for tw in tabs for i in range(tw.count())] or [(None, 0)]
        for tw, i in pages:
            if tw is not None:
                tw.setCurrentIndex(i)
                QApplication.processEvents()
            missing = unnamed_controls(panel)
            if missing:
                problems[f"{spec.key}/{tw.tabText(i) if tw else ''}"] = missing
    assert problems == {}
