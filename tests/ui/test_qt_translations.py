"""Qt's own strings (the standard buttons of every question box, file dialogs) speak the
interface language; Portuguese uses Qt's Brazilian catalog, Somali falls back to English."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo
from PySide6.QtWidgets import QApplication, QMessageBox

from dialogue_app import i18n
from dialogue_app.ui.language_menu import install_qt_translations, qt_translation_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(qapp):
    yield qapp
    i18n.set_language("en")
    install_qt_translations(qapp)


def _cancel_text() -> str:
    box = QMessageBox(QMessageBox.Icon.Question, "?", "?", QMessageBox.StandardButton.Cancel)
    try:
        return box.button(QMessageBox.StandardButton.Cancel).text()
    finally:
        box.deleteLater()


@pytest.mark.parametrize(
    ("lang", "cancel", "catalog"),
    [("pt", "Cancelar", "qtbase_pt_BR.qm"), ("de", "Abbrechen", "qtbase_de.qm"), ("ar", "ألغِ", "qtbase_ar.qm")],
)
def test_question_boxes_say_cancel_in_the_interface_language(app, lang, cancel, catalog):
    """A Portuguese, German or Arabic user sees Qt's Cancel button in their language."""
    i18n.set_language(lang)
    install_qt_translations(app)
    assert _cancel_text() == cancel
    assert Path(qt_translation_file(app)).name == catalog


def test_a_language_qt_lacks_falls_back_to_english(app):
    """Somali (Qt has no catalog): after Portuguese, Qt's buttons go back to English rather
    than staying Portuguese."""
    i18n.set_language("pt")
    install_qt_translations(app)
    assert _cancel_text() == "Cancelar"
    i18n.set_language("so")
    install_qt_translations(app)
    assert _cancel_text() == "Cancel" and qt_translation_file(app) == ""
    assert isinstance(QApplication.instance(), QApplication)


def test_the_bundle_ships_qt_catalogs_of_every_interface_language():
    """The installed app keeps Qt's catalog for each interface language it has (it kept only
    English, Dutch and French: German users got English dialogs); Portuguese is pt_BR."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    wanted = i18n.qt_catalog_files()
    assert {"qtbase_de.qm", "qtbase_ar.qm", "qtbase_pt_BR.qm", "qtbase_uk.qm"} <= wanted
    missing = {name for name in wanted if not (folder / name).is_file()}
    assert missing == {"qtbase_so.qm"} | ({"qtbase_ti.qm"} if "ti" in i18n.available_languages() else set())
    spec = (ROOT / "packaging" / "dialogue_app.spec").read_text("utf-8")
    assert "qt_catalog_files()" in spec and '("en", "nl", "fr")' not in spec
