"""The import wizard end to end, driving the real import pipeline
(``read_table``, ``guess_mapping``, ``validate``, ``apply`` of
``dialogue_app.importing``): prefilled mapping, the issues shown, the
all-or-nothing refusal, the valid-only import and cancelling.

These tests need the importing functions (the import work); they skip when
``dialogue_app.importing.people_import`` is not there yet."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QWizard

pytest.importorskip("dialogue_app.services.importing.people_import")

from dialogue_app.services import importing
from dialogue_app.services import people as people_service
from dialogue_app.ui import context

CSV = (
    "Voornaam;Achternaam;E-mail;Rol;Aanwezigheid;Leeftijd;Schoenmaat\n"
    "Anna;Peeters;anna@example.org;deelnemer;registered;34;39\n"
    "Bram;Janssens;bram@example.org;facilitator;present;51;44\n"
    ";;nobody@example.org;participant;registered;40;41\n"
    "Chloé;Dubois;chloe@example.org;astronaut;registered;29;37\n"
    "Dirk;Maes;dirk@example.org;participant;registered;62;45\n"
)


@pytest.fixture
def csv_file(tmp_path):
    p = tmp_path / "aanmeldingen.csv"
    p.write_text(CSV, encoding="utf-8-sig")
    return p


def _open(window, path):
    wizard = window.import_people()
    assert wizard is not None and window.pages.currentWidget() is window.panel("people")
    wizard.file_page.path.setText(str(path))
    return wizard


def _to_check_page(qtbot, wizard):
    wizard.next()  # file -> mapping
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()  # mapping -> check (validation starts on a worker)
    assert wizard.currentPage() is wizard.check_page
    qtbot.waitUntil(lambda: wizard.preview is not None or wizard.check_page.handle is None, timeout=10000)
    assert wizard.preview is not None, wizard.check_page.summary.text()


def _names(window):
    return {(r.first_name, r.last_name) for r in window.ctx.read(people_service.list_people)}


def test_mapping_page_is_prefilled_with_a_preview(window, csv_file):
    """The mapping page guesses each column from its (Dutch) header and previews the first rows."""
    wizard = _open(window, csv_file)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    page = wizard.mapping_page
    assert [c.currentData() for c in page.combos] == [
        "first_name", "last_name", "email", "roles", "attendance", "age", None]
    assert page.combos[6].currentText() == "(not imported)"
    assert page.preview.rowCount() == 5 and page.preview.item(0, 0).text() == "Anna"
    assert page.preview.horizontalHeaderItem(6).text() == "Schoenmaat"
    wizard.reject()


def test_unreadable_file_stays_on_first_page_with_the_reason(window, tmp_path):
    """A file that is not a spreadsheet is refused on the first page, with the reader's message."""
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    wizard = _open(window, bad)
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert not wizard.file_page.problem.isHidden() and wizard.file_page.problem.text().startswith("⚠")
    wizard.reject()


def test_errors_are_listed_and_block_the_import(qtbot, window, csv_file):
    """The check lists each problem with row and column; with errors nothing is written unless
    “Import only the valid rows” is ticked."""
    before = _names(window)
    wizard = _open(window, csv_file)
    _to_check_page(qtbot, wizard)
    page = wizard.check_page
    rows = {(page.issues.item(r, 0).text(), page.issues.item(r, 2).text()) for r in range(page.issues.rowCount())}
    assert ("4", "Error") in rows and ("5", "Error") in rows
    problems = " ".join(page.issues.item(r, 3).text() for r in range(page.issues.rowCount()))
    assert "astronaut" in problems
    assert "Schoenmaat" in page.extra.text()
    assert "2 errors in 2 rows" in page.summary.text()
    wizard.next()
    imp = wizard.import_page
    assert "Nothing will be written" in imp.explain.text()
    assert imp.valid_only.isVisibleTo(wizard) and not imp.valid_only.isChecked()
    assert not imp.import_button.isEnabled()
    imp.start()  # even when forced, nothing happens without the tick
    assert imp.handle is None and wizard.result is None
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.reject()
    assert _names(window) == before


def test_valid_rows_only_import_updates_the_people_view(qtbot, window, csv_file):
    """Ticking “Import only the valid rows” imports the three good rows; the People view shows them."""
    panel = window.panel("people")
    shown_before = panel.model.rowCount()
    wizard = _open(window, csv_file)
    _to_check_page(qtbot, wizard)
    wizard.next()
    imp = wizard.import_page
    imp.valid_only.setChecked(True)
    assert imp.import_button.isEnabled()
    imp.import_button.click()
    qtbot.waitUntil(lambda: wizard.result is not None or imp.handle is None, timeout=10000)
    assert wizard.result is not None, imp.result.text()
    assert wizard.result.created == 3 and wizard.result.skipped_rows == 2
    assert "3 people added" in imp.result.text()
    assert {("Anna", "Peeters"), ("Bram", "Janssens"), ("Dirk", "Maes")} <= _names(window)
    assert ("Chloé", "Dubois") not in _names(window)
    assert panel.model.rowCount() == shown_before + 3
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not context.REPORTED
    wizard.accept()


def test_clean_file_imports_without_the_tick(qtbot, window, tmp_path):
    """A file without errors is imported with Import now, and the Finish button closes the wizard."""
    p = tmp_path / "clean.csv"
    p.write_text("First name,Last name,Email\nEva,Claes,eva@example.org\nFemke,Wouters,\n", encoding="utf-8")
    wizard = _open(window, p)
    _to_check_page(qtbot, wizard)
    wizard.next()
    imp = wizard.import_page
    assert imp.valid_only.isHidden() and imp.import_button.isEnabled()
    imp.import_button.click()
    qtbot.waitUntil(lambda: wizard.result is not None or imp.handle is None, timeout=10000)
    assert wizard.result is not None and wizard.result.created == 2
    assert {("Eva", "Claes"), ("Femke", "Wouters")} <= _names(window)


def test_edit_undo_takes_the_import_back(qtbot, window, tmp_path):
    """After the wizard, Edit ▸ Undo (named after the file) removes the imported people and the
    People view follows; Redo brings them back."""
    p = tmp_path / "extra.csv"
    p.write_text("First name,Last name\nEva,Claes\nFemke,Wouters\n", encoding="utf-8")
    panel = window.panel("people")
    before, shown = _names(window), panel.model.rowCount()
    wizard = _open(window, p)
    _to_check_page(qtbot, wizard)
    wizard.next()
    imp = wizard.import_page
    imp.import_button.click()
    qtbot.waitUntil(lambda: wizard.result is not None or imp.handle is None, timeout=10000)
    assert "Undo" in imp.result.text()
    wizard.accept()
    assert window.act_undo.isEnabled() and "extra.csv" in window.act_undo.text()
    window.act_undo.trigger()
    assert _names(window) == before and panel.model.rowCount() == shown
    window.act_redo.trigger()
    assert {("Eva", "Claes"), ("Femke", "Wouters")} <= _names(window)
    assert panel.model.rowCount() == shown + 2
    assert not context.REPORTED


def test_cancelling_the_check_and_the_wizard_writes_nothing(qtbot, window, csv_file, monkeypatch):
    """Cancel in the progress dialog stops the check (the page says so); cancelling the wizard writes nothing."""
    real_validate = importing.validate
    started = []

    def slow_validate(session, table, mapping, progress=None, should_stop=None):
        """The real check, started only once Cancel was pressed."""
        started.append(True)

        deadline = time.monotonic() + 5
        while not should_stop() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_validate(session, table, mapping, progress=progress, should_stop=should_stop)

    monkeypatch.setattr(importing, "validate", slow_validate, raising=False)
    before = _names(window)
    wizard = _open(window, csv_file)
    wizard.next()
    wizard.next()
    page = wizard.check_page
    assert page.handle is not None
    from PySide6.QtWidgets import QPushButton

    cancel = page.handle.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()  # the progress dialog's Cancel button
    qtbot.waitUntil(lambda: page.handle is None, timeout=10000)
    assert started and wizard.preview is None
    assert "cancelled" in page.summary.text()
    assert not page.recheck.isHidden()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    monkeypatch.setattr(importing, "validate", real_validate, raising=False)
    page.recheck.click()
    qtbot.waitUntil(lambda: wizard.preview is not None, timeout=10000)
    wizard.reject()
    assert _names(window) == before
    assert not context.REPORTED


def test_xlsx_sheet_can_be_chosen(qtbot, window, tmp_path):
    """For a workbook with several sheets the wizard lists them and reads the chosen one."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["nothing here"])
    ws = wb.create_sheet("Inschrijvingen")
    ws.append(["Voornaam", "Achternaam"])
    ws.append(["Gijs", "Verbeke"])
    p = tmp_path / "lijst.xlsx"
    wb.save(p)
    wizard = _open(window, p)
    combo = wizard.file_page.sheet
    assert combo.isEnabled() and [combo.itemText(i) for i in range(combo.count())] == ["Notes", "Inschrijvingen"]
    combo.setCurrentIndex(1)
    wizard.next()
    assert wizard.table.headers == ["Voornaam", "Achternaam"]
    assert [c.currentData() for c in wizard.mapping_page.combos] == ["first_name", "last_name"]
    wizard.reject()


BOM_CP1252 = b"\xef\xbb\xbf" + (
    "Voornaam;Achternaam;Emial;Geboortedatum;Herkomst;Toestemming\r\n"
    "Hélène;Dûpont;helene@example.org;12-03-1985;Nederlands;ja\r\n"
    "Zoë;Ñúñez;zoe@example.org;31-02-1980;Marokkaans;ja\r\n"
    "Hélène;Dûpont;helene@example.org;;;\r\n"
    "Björn;Åberg;bjorn@example.org;gisteren;Néerlandais;ja\r\n"
    "François;Lefèvre;francois@example.org;1990;marocaine;ja\r\n"
).encode("cp1252")


def _issue_rows(page):
    return [tuple(page.issues.item(r, c).text() for c in range(4)) for r in range(page.issues.rowCount())]


def test_bom_before_cp1252_is_said_loudly_and_imports_first_names(qtbot, window, tmp_path):
    """A BOM in front of cp1252 text: the mapping step maps “Voornaam”, shows the close match
    “Emial”, the guessed encoding with the names and which dimension the consent covers; the
    check step's warnings box lists the rows with errors and the duplicate by row number; the
    valid rows import with their first names and the app's categories."""
    p = tmp_path / "aanmeldingen.csv"
    p.write_bytes(BOM_CP1252)
    wizard = _open(window, p)
    wizard.next()
    page = wizard.mapping_page
    assert [c.currentData() for c in page.combos][:3] == ["first_name", "last_name", "email"]
    assert page.warnings.isVisibleTo(wizard)
    text = page.warnings.text()
    assert "“Emial” → E-mail (close match)" in text
    assert "guessed" in text and "UTF-8 mark" in text
    assert "records consent for: Cultural origin." in text
    assert page.encoding.isVisibleTo(wizard) and "Hélène" in page.encoding.samples.text()
    assert page.encoding.combo.currentData() == "cp1252"
    assert 2 in page.close_labels
    origin, religion = page.consent.boxes[5]["origin"], page.consent.boxes[5]["religion"]
    assert origin.isChecked() and not religion.isChecked() and not religion.isEnabled()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview is not None or wizard.check_page.handle is None, timeout=10000)
    check = wizard.check_page
    assert check.warnings.isVisibleTo(wizard)
    points = check.warnings.text()
    assert "Rows with errors (not imported unless you choose to skip them): 3, 5." in points
    assert "row 4 = row 2" in points
    rows = _issue_rows(check)
    assert any(r[0] == "3" and "31-02-1980" in r[3] and "could not be read" in r[3] for r in rows)
    assert any(r[0] == "5" and "gisteren" in r[3] for r in rows)
    wizard.next()
    imp = wizard.import_page
    assert imp.warnings.isVisibleTo(wizard) and "row 4 = row 2" in imp.warnings.text()
    imp.valid_only.setChecked(True)
    imp.import_button.click()
    qtbot.waitUntil(lambda: wizard.result is not None or imp.handle is None, timeout=10000)
    assert wizard.result is not None and wizard.result.created == 2
    ppl = {f"{r.first_name} {r.last_name}": r for r in window.ctx.read(people_service.list_people)}
    assert ppl["Hélène Dûpont"].values["origin"] == "Dutch"
    assert ppl["François Lefèvre"].values["origin"] == "Moroccan"
    assert not context.REPORTED
    wizard.accept()


def test_choosing_the_encoding_rereads_the_file(qtbot, window, tmp_path):
    """A Mac Roman file the guess gets wrong: the mapping step shows the names as read, and
    choosing “Mac Roman” in the encoding combo reads the file again; the import uses it."""
    p = tmp_path / "mac.csv"
    p.write_bytes("First name,Last name\r\nKlaus,Müller\r\n".encode("mac_roman"))
    wizard = _open(window, p)
    wizard.next()
    box = wizard.mapping_page.encoding
    assert box.isVisibleTo(wizard) and box.guessed and "guessed" in wizard.mapping_page.warnings.text()
    assert "Müller" not in box.samples.text()
    combo = box.combo
    index = combo.findData("mac_roman")
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert wizard.table.rows == [["Klaus", "Müller"]]
    assert "Müller" in wizard.mapping_page.encoding.samples.text()
    assert wizard.mapping_page.encoding.combo.currentData() == "mac_roman"
    _to_check_page_from_mapping(qtbot, wizard)
    wizard.next()
    wizard.import_page.import_button.click()
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=10000)
    assert ("Klaus", "Müller") in _names(window)
    wizard.accept()


def _to_check_page_from_mapping(qtbot, wizard):
    wizard.next()
    assert wizard.currentPage() is wizard.check_page
    qtbot.waitUntil(lambda: wizard.preview is not None or wizard.check_page.handle is None, timeout=10000)
    assert wizard.preview is not None, wizard.check_page.summary.text()


def test_consent_scope_is_asked_and_used(qtbot, window, tmp_path):
    """A generic consent column: the user unticks origin, the warnings box says no consent is
    recorded, and the check then reports the origin values as not stored."""
    p = tmp_path / "consent.csv"
    p.write_text("Naam,Herkomst,Toestemming\r\nAna Silva,Kaapverdisch,ja\r\n", encoding="utf-8")
    wizard = _open(window, p)
    wizard.next()
    page = wizard.mapping_page
    assert page.consent.isVisibleTo(wizard)
    page.consent.boxes[2]["origin"].setChecked(False)
    assert "records no consent" in page.warnings.text()
    _to_check_page_from_mapping(qtbot, wizard)
    assert any(i.row == 2 and "not stored" in i.message for i in wizard.preview.warnings)
    wizard.reject()


def test_choosing_the_encoding_keeps_the_users_column_choices(qtbot, window, tmp_path):
    """The user maps a column by hand, then chooses another encoding: the manual choice stays for
    every column whose header reads the same (only the re-read names change)."""
    p = tmp_path / "mac2.csv"
    p.write_bytes("First name,Last name,Shoe size\r\nKlaus,Müller,44\r\n".encode("mac_roman"))
    wizard = _open(window, p)
    wizard.next()
    page = wizard.mapping_page
    shoe = page.combos[2]
    assert shoe.currentData() is None  # "Shoe size" is not recognised
    shoe.setCurrentIndex(shoe.findData("notes"))
    page.combos[0].setCurrentIndex(page.combos[0].findData(None))  # and the user un-maps a guessed one
    combo = page.encoding.combo
    index = combo.findData("mac_roman")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert wizard.table.rows == [["Klaus", "Müller", "44"]]
    assert page.combos[2].currentData() == "notes"
    assert page.combos[0].currentData() is None
    assert page.combos[1].currentData() == "last_name"
    wizard.reject()


def test_check_step_offers_a_way_back_to_the_encoding(qtbot, window, tmp_path):
    """When the encoding was guessed, the check step (whose warning says “choose another encoding”)
    has a “Back to choose the encoding” button that returns to the mapping step with the encoding
    combo focused and the mapping unchanged; a UTF-8 file does not show it."""
    p = tmp_path / "mac3.csv"
    p.write_bytes("First name,Last name,Shoe size\r\nKlaus,Müller,44\r\n".encode("mac_roman"))
    wizard = _open(window, p)
    wizard.next()
    page = wizard.mapping_page
    page.combos[2].setCurrentIndex(page.combos[2].findData("notes"))
    _to_check_page_from_mapping(qtbot, wizard)
    button = wizard.check_page.to_encoding
    assert button.isVisibleTo(wizard) and button.accessibleName()
    assert any("choose another encoding" in i.message for i in wizard.preview.issues)
    button.click()
    assert wizard.currentPage() is page
    assert page.encoding.combo.hasFocus() or wizard.focusWidget() is page.encoding.combo
    assert page.combos[2].currentData() == "notes"
    wizard.reject()
    p2 = tmp_path / "utf8.csv"
    p2.write_text("First name,Last name\nEva,Claes\n", encoding="utf-8")
    wizard = _open(window, p2)
    _to_check_page(qtbot, wizard)
    assert not wizard.check_page.to_encoding.isVisibleTo(wizard)
    wizard.reject()
