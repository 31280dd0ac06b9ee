"""The navigation and the Event screen as a user sees them: pictograms, names, no clipped text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from dialogue_app import i18n
from tests.ui.windows import open_main_window


def test_navigation_has_a_pictogram_and_a_name_per_area(qtbot, window):
    """Each area in the navigation has its own pictogram, a name and a description (with its
    Ctrl+N shortcut) for screen readers, and the arrow keys move between areas."""
    nav = window.nav
    images = set()
    for row in range(nav.count()):
        item = nav.item(row)
        assert not item.icon().isNull(), item.text()
        images.add(item.icon().pixmap(22, 22).toImage().bits().tobytes())
        assert item.data(Qt.ItemDataRole.AccessibleTextRole) == item.text()
        assert f"Ctrl+{row + 1}" in item.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert len(images) == nav.count()
    assert "Ctrl+1" in nav.accessibleDescription()
    nav.setFocus()
    nav.setCurrentRow(0)
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert window.pages.currentWidget() is window.panel("people")


@pytest.fixture
def french_window(qtbot, demo_path):
    i18n.set_language("fr")
    yield from open_main_window(qtbot, demo_path)
    i18n.set_language("en")


def test_french_event_screen_shows_whole_texts(qtbot, french_window):
    """At 1366×768 in French the Event screen's tick boxes show their whole text (no ")" cut off),
    and the explanation under "Sensible" no longer says "never exported" but points to the Privacy page."""
    panel = french_window.show_area("event")
    qtbot.wait(50)
    for box in panel.findChildren(QCheckBox):
        if box.isVisible():
            assert box.width() >= box.sizeHint().width(), box.text()
    helps = [label for label in panel.findChildren(QLabel) if "Confidentialité" in label.text()]
    assert helps and helps[0].isVisible() and helps[0].wordWrap()
    assert not any("jamais export" in w.text() for w in [*panel.findChildren(QLabel), *panel.findChildren(QCheckBox)])


def test_french_event_screen_writes_decimals_the_french_way(french_window):
    """The Event screen's decimal fields show "0,50" in French, as the rest of the app writes numbers
    (format_decimal), not "0.50"."""
    panel = french_window.show_area("event")
    assert panel.unknown.text() == i18n.format_decimal(panel.unknown.value(), 2) == "0,50"
    assert "," in panel.dim_weight.text()
