"""Tigrinya on screen: the app's own Ethiopic font is known to Qt, so the letters are not boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from dialogue_app.ui.language_menu import install_qt_translations


def test_the_ethiopic_font_is_installed_with_the_language(qtbot):
    """Starting the interface (as the app and the language switch do) makes the shipped Noto Sans
    Ethiopic available to Qt, and it has the letters of "ሰባት" (People)."""
    install_qt_translations(QApplication.instance())
    assert "Noto Sans Ethiopic" in QFontDatabase.families()
    metrics = QFontMetrics(QFont("Noto Sans Ethiopic"))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "ሰባት")
