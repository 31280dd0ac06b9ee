"""The language a survey form was answered in: a labelled choice for the paper entry screen."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _


def language_choice(initial: str) -> tuple[QLabel, QComboBox]:
    """A "Form language" label and its combo box of the languages with a catalog (named for screen
    readers), ``initial`` selected."""
    combo = QComboBox()
    for code in i18n.available_languages():
        combo.addItem(i18n.language_name(code, code), code)
    combo.setAccessibleName(_("Language of the form"))
    label = QLabel(_("Form &language:"))
    label.setBuddy(combo)
    choose_language(combo, initial)
    return label, combo


def choose_language(combo: QComboBox, code: str) -> None:
    """Select ``code``; a language without an interface catalog (a form printed in Tigrinya) is added."""
    code = (code or "").strip().lower()
    if not code:
        return
    idx = combo.findData(code)
    if idx < 0:
        combo.addItem(i18n.language_name(code, code), code)
        idx = combo.count() - 1
    combo.setCurrentIndex(idx)
