"""The whole Day of Dialogue in the app, as a first-time organiser goes through it, in English,
Dutch and French: only the main window's widgets are used (menu actions, buttons, keys, text
typed, drag and drop sent as the events the widgets handle); the data is read back only to
check what the screens say.

new event → a venue and 17 tables → import a messy registration file → plan → move one person
by drag and drop → badges in name order → check in five people (one found by a name typed
without its Turkish letters) and a walk-in → facilitation through one phase → one paper survey
form → survey results → report PDF → packages for all tables → merge one back.

Each step saves a screenshot into ``$DIALOGUE_APP_JOURNEY_SHOTS`` when that is set."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QPushButton,
    QWizard,
)

from dialogue_app import exports, i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.survey.instrument import wave_label
from dialogue_app.ui import context, people_panel, tables_editor
from dialogue_app.ui.people_list import MIME
from dialogue_app.ui.reports_panel import PRINT_KINDS
from dialogue_app.ui.table_dialogs import NEW_VENUE
from tests.journey import registrations
from tests.journey.conftest import Shots, drag_people, when_modal

pytestmark = [pytest.mark.slow, pytest.mark.qt]

TITLES = {"en": "Day of Dialogue North", "nl": "Dag van de Dialoog Noord", "fr": "Journée du Dialogue Nord"}
VENUE = {"en": "Community centre", "nl": "Buurthuis De Brug", "fr": "Maison de quartier"}


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def tick(qtbot, box) -> None:
    """Tick a check box with the keyboard (Space), as a user tabbing through a form does."""
    assert box.isVisible() and box.isEnabled(), box.text()
    was = box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() != was


def type_into(qtbot, widget, text: str) -> None:
    """Select what the field holds and type ``text`` over it, key by key (letters beyond ASCII
    arrive as a keyboard layout or input method delivers them: a key event carrying the text)."""
    widget.setFocus()
    widget.selectAll()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def plain(text: str) -> str:
    return text.replace("&", "")


def progress_dialog() -> QProgressDialog | None:
    shown = (w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible())
    return next(shown, None)


def free_min(plan, card) -> int:
    """The fewest people the card's table must keep (its minimum)."""
    return next(c.capacity_min for c in plan.view.tables if c.id == card.table_id)


@pytest.fixture(params=["en", "nl", "fr"])
def lang(request, qapp):
    """The run's language, for our messages and (as the app installs them at start) Qt's own."""
    from dialogue_app.ui.app import install_qt_translations

    with i18n.language(request.param):
        i18n.set_language(request.param)
        install_qt_translations(qapp)
        yield request.param
    i18n.set_language("en")
    install_qt_translations(qapp)


@pytest.fixture
def window(qtbot, lang, errors_recorded, monkeypatch):
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    monkeypatch.setitem(context.record_errors_for_tests().answers, people_panel.CONFIRM_KEY, True)
    monkeypatch.setitem(context.record_errors_for_tests().answers, tables_editor.CONFIRM_KEY, True)
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    ctx.close_event()


def test_whole_day(qtbot, tmp_path, lang, window, no_native_dialogs, errors_recorded):
    """An organiser runs a whole Day of Dialogue through the windows alone, and every step shows
    what it did in the language of the app."""
    win = window
    shot = Shots(win, lang)
    files = no_native_dialogs
    shot("welcome")
    assert win.central.currentIndex() == 0  # the Welcome screen

    # --- 1. File ▸ New event… -------------------------------------------------------------------
    from dialogue_app.ui.new_event_dialog import NewEventDialog

    event_path = tmp_path / f"{TITLES[lang]}.dialogue"

    def fill_new_event(dlg: NewEventDialog) -> None:
        assert dlg.size_label.buddy() is dlg.size_min  # "Table &size": an underlined s, no "&" shown
        type_into(qtbot, dlg.title, TITLES[lang])
        type_into(qtbot, dlg.theme, {"en": "Living together", "nl": "Samenleven", "fr": "Vivre ensemble"}[lang])
        assert dlg.language.currentData() == lang  # the event speaks the app's language
        shot("new-event-dialog", dlg)
        click(qtbot, dlg.buttons.button(QDialogButtonBox.StandardButton.Ok))

    files["save"] = event_path
    when_modal(NewEventDialog, fill_new_event)
    win.act_new.trigger()
    qtbot.waitUntil(lambda: win.ctx.has_event)
    assert win.central.currentIndex() == 1 and TITLES[lang] in win.windowTitle()
    bar = win.next_step_bar
    assert bar.isVisible() and bar.step.key == "import"
    assert bar.button.text() == _("Import people… (Ctrl+I)")
    shot("new-event")

    # --- 2. a venue and 17 tables (Tables ▸ Add tables…) --------------------------------------------
    tables = win.show_area("tables")
    plan = tables.plan_view
    assert plan.add_tables_button.isVisible()
    assert plan.summary.text() == _("This event has no tables yet: add tables (the number is suggested from the "
                                    "people registered), then plan them.")
    shot("tables-empty")
    click(qtbot, plan.add_tables_button)
    editor = win._tables_editor
    qtbot.waitUntil(lambda: editor.form is not None and editor.form.isVisible())
    form = editor.form
    type_into(qtbot, form.count, "17")
    form.venue.setFocus()
    form.venue.setCurrentIndex(form.venue.findData(NEW_VENUE))  # "New venue…"
    type_into(qtbot, form.new_name, VENUE[lang])
    type_into(qtbot, form.new_address, "Brugstraat 12, 1000 Brussel")
    type_into(qtbot, form.size_min, "4")  # the event's 6–8 would need more people than registered
    type_into(qtbot, form.size_max, "6")
    shot("add-tables-form", form)
    click(qtbot, form.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: editor.form is None)
    assert editor.tables.rowCount() == 17
    assert editor.overview.text() == "<b>" + ngettext("{n} table, {lo}–{hi} seats", "{n} tables, {lo}–{hi} seats",
                                                      17).format(n=17, lo=68, hi=102) + "</b>"
    assert editor.venues.rowCount() == 1 and editor.venues.item(0, 0).text() == VENUE[lang]
    assert editor.venues.item(0, 3).text() == "17"
    shot("tables-editor", editor)
    editor.close()
    assert len(plan.cards) == 17
    assert bar.step.key == "import"  # tables are there; people are still missing
    shot("tables-added")

    # --- 3. import the messy registration file (File ▸ Import people…) --------------------------------
    from dialogue_app.ui.importing.wizard import ImportWizard

    reg = registrations.write(tmp_path / "inschrijvingen.csv")
    win.act_import.trigger()
    wizard = win.findChild(ImportWizard)
    qtbot.waitUntil(lambda: wizard.isVisible())
    type_into(qtbot, wizard.file_page.path, str(reg))
    shot("import-file", wizard)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    mp = wizard.mapping_page
    qtbot.waitUntil(lambda: wizard.currentPage() is mp)
    mapping = {wizard.table.headers[i]: key for i, key in mp.mapping().items()}
    assert wizard.table.headers[0] == "Voornaam"  # the stray mark is not part of the first header
    assert mapping["Voornaam"] == "first_name" and mapping["Achternaam"] == "last_name"
    assert mapping["Geboortedatum"] == "age" and mapping["E-mail"] == "email"
    assert mapping["Geslacht"] == "dim:gender" and mapping["Wijk"] == "dim:neighbourhood"
    assert mapping["Rol"] == "roles"
    warnings = mp.warnings.text()
    assert _("The file starts with a UTF-8 mark but is not UTF-8; the mark was ignored.") in warnings
    shot("import-mapping", wizard)
    examples = [w.text() for w in mp.grid_host.findChildren(QLabel)]
    assert "Yılmaz" in examples  # the Turkish letters read right (cp1254 guessed)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    check = wizard.check_page
    qtbot.waitUntil(lambda: wizard.preview is not None, timeout=30000)
    shot("import-check", wizard)
    summary = check.summary.text()
    assert ngettext("{n} row read.", "{n} rows read.", 101).format(n=i18n.format_number(101)) in summary
    problems = [check.issues.item(r, 3).text() for r in range(check.issues.rowCount())]
    rows = [check.issues.item(r, 0).text() for r in range(check.issues.rowCount())]
    assert str(registrations.BAD_DATE_ROW + 1) in rows  # the bad date, on its row of the file
    assert any("31-02-1984" in p for p in problems)  # named as a date (not "is not an age")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    page = wizard.import_page
    qtbot.waitUntil(lambda: wizard.currentPage() is page)
    if page.valid_only.isVisible():
        tick(qtbot, page.valid_only)
    click(qtbot, page.import_button)
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=30000)
    result = page.result.text()
    shot("import-done", wizard)
    assert result.startswith("✓")
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    people = win.show_area("people")
    qtbot.waitUntil(lambda: people.model.rowCount() >= 99)
    n_people = people.model.rowCount()
    assert bar.step.key == "plan"
    shot("people-imported")
    assert n_people == registrations.PEOPLE - 1  # the duplicate merged, the bad date's row skipped
    assert i18n.format_number(n_people) in people.status.text()

    # --- 4. plan: the Next step bar's "Plan tables"; Stop keeps the best plan ---------------------
    assert bar.button.text() == _("Plan tables (Ctrl+P)")
    click(qtbot, bar.button)
    assert win.pages.currentWidget() is tables and getattr(plan, "_planning", False)
    qtbot.waitUntil(lambda: progress_dialog() is not None or not plan._planning, timeout=5000)
    progress = progress_dialog()
    if progress is not None:  # a plan good enough: Stop keeps the best one found so far
        QTest.qWait(1500)
        assert progress.labelText() == _("Round {round}: looking for the most mixed tables. Stop keeps the best "
                                         "plan found so far.").format(round=1)
        shot("planning", progress)
        stop = progress.findChild(QPushButton)
        assert plain(stop.text()) == _("Stop and keep the best plan")
        click(qtbot, stop)
    qtbot.waitUntil(lambda: not plan._planning, timeout=30000)
    assert not errors_recorded, [(e.message, e.details) for e in errors_recorded]
    plan.reload()
    assert plan.summary.text().startswith(ngettext("{n} table", "{n} tables", 17).format(n=17))
    assert "✓ " + _("all hard rules met") in plan.summary.text()
    assert not plan.unseated.isVisible()
    seated = sum(card.people.count() for card in plan.cards.values())
    assert seated == n_people
    shot("planned")

    # --- 5. move one person by drag and drop ---------------------------------------------------------
    cards = [plan.cards[c.id] for c in plan.view.tables]
    free = {c.id: c.capacity_max - c.people.__len__() for c in plan.view.tables}
    dst = next(c for c in cards if free[c.table_id] > 0)
    src = next(c for c in cards if c is not dst and c.people.count() > free_min(plan, c))
    facilitator = "(" + _("facilitator")
    item = next(src.people.item(i) for i in range(src.people.count()) if facilitator not in src.people.item(i).text())
    moved_name = item.text().split("  (")[0]
    person = str(item.data(Qt.ItemDataRole.UserRole))
    drag_people(dst.people.viewport(), MIME, [person], dst.people.visualItemRect(dst.people.item(0)).center())
    dst_names = [dst.people.item(i).text() for i in range(dst.people.count())]
    src_names = [src.people.item(i).text() for i in range(src.people.count())]
    assert any(n.startswith(moved_name) for n in dst_names) and not any(n.startswith(moved_name) for n in src_names)
    assert win.act_undo.isEnabled()
    shot("moved-by-drag")

    # --- 6. badges in name order (Next step ▸ Print badges…), previewed and saved ---------------------
    assert bar.step.key == "badges" and bar.button.text() == _("Print badges…")
    click(qtbot, bar.button)
    reports = win.pages.currentWidget()
    assert reports is win.panel("reports")
    reports.docs.setFocus()
    reports.docs.setCurrentRow(0)  # Badges
    assert reports.current_kind() == "badges"
    order = reports.print_options.order
    order.setFocus()
    order.setCurrentIndex(order.findData("name"))
    click(qtbot, reports.create_button)
    qtbot.waitUntil(lambda: reports.handle is None and reports.save_button.isEnabled(), timeout=60000)
    assert reports.pdf.pageCount() > 0
    assert reports.status.text() == _("{doc}: {pages} pages. Check the preview, then save the PDF.").format(
        doc=_(exports.spec("badges").description), pages=i18n.format_number(reports.pdf.pageCount()))
    QTest.qWait(400)  # the preview draws its pages
    shot("badges-by-name")
    files["save"] = tmp_path / "badges.pdf"
    click(qtbot, reports.save_button)
    assert (tmp_path / "badges.pdf").stat().st_size > 1000
    assert reports.status.text() == _("Saved as {path}.").format(path=tmp_path / "badges.pdf")

    # --- 7. the door: five people checked in (one found as "yilmaz"), and a walk-in ----------------
    tables = win.show_area("tables")
    tables.tabs.setCurrentWidget(tables.checkin)
    door = tables.checkin
    expected = n_people
    assert door.arrivals.text() == _("Arrived: {arrived} of {expected} expected").format(arrived=0,
                                                                                      expected=expected)
    type_into(qtbot, door.search, "yilmaz")  # typed without the Turkish ı
    shown = [door.list.item(i).text() for i in range(door.list.count())]
    assert shown and all("Yılmaz" in t for t in shown), shown
    hit = next(i for i in range(door.list.count()) if door.list.item(i).text().startswith("Hüseyin Yılmaz"))
    door.list.setCurrentRow(hit)
    table_label = door.list.item(hit).text().rsplit(" — ", 1)[1]  # "table 7"
    yilmaz_code = door.list.item(hit).data(Qt.ItemDataRole.UserRole)
    shot("door-search-yilmaz")
    click(qtbot, door.checkin_button)
    assert door.result.text().startswith("✓ Hüseyin Yılmaz")
    yilmaz_table = int(table_label.split()[-1])
    # four more scan their badges (the code is on the badge): three at his table (at least one of
    # its four or more guests is still to come, for the table package later), one elsewhere
    door.search.clear()
    waiting = [(door.list.item(i).data(Qt.ItemDataRole.UserRole), door.list.item(i).text())
               for i in range(door.list.count())]
    codes = [c for c, t in waiting if t.endswith(" — " + table_label)][:3]
    codes.append(next(c for c, t in waiting if not t.endswith(" — " + table_label)))
    assert len(codes) == 4
    for code in codes:
        door.code.setFocus()
        qtbot.keyClicks(door.code, code.lower())  # a scanner, or a volunteer typing in lower case
        qtbot.keyClick(door.code, Qt.Key.Key_Return)
        assert door.result.text().startswith("✓"), door.result.text()
    assert door.arrivals.text() == _("Arrived: {arrived} of {expected} expected").format(arrived=5,
                                                                                      expected=expected)
    type_into(qtbot, door.walk_first, "Nadia")
    type_into(qtbot, door.walk_last, "Benali")
    assert door.walk_in.suggestion.text()  # the best table with a free seat is proposed
    qtbot.keyClick(door.walk_last, Qt.Key.Key_Return)
    assert door.result.text().startswith("✓ " + _("{name} added: {where}").format(name="Nadia", where="")[:8])
    assert door.arrivals.text() == (_("Arrived: {arrived} of {expected} expected").format(arrived=5,
                                                                                       expected=expected)
                                    + " · " + ngettext("{n} walk-in", "{n} walk-ins", 1).format(n=1))
    shot("door-after-walk-in")

    # --- 8. facilitation at Hüseyin's table through one phase ---------------------------------------
    fac = win.show_area("facilitation")
    combo = fac.table_combo
    combo.setFocus()
    combo.setCurrentIndex(next(i for i in range(combo.count())
                               if combo.itemText(i).startswith(_("Table {n}").format(n=yilmaz_table))))
    n_phases = len(fac.phases)
    assert fac.phase_label.text().startswith(_("Phase {i} of {n}: {title}").format(
        i=1, n=n_phases, title=fac.phases[0].title))
    click(qtbot, fac.start_btn)
    assert fac.timer.running
    shot("facilitation-phase-1")
    click(qtbot, fac.next_btn)
    assert fac.timer.current == 1
    assert fac.phase_label.text().startswith(_("Phase {i} of {n}: {title}").format(
        i=2, n=n_phases, title=fac.phases[1].title))
    shot("facilitation-phase-2")
    click(qtbot, fac.start_btn)  # pause before leaving the screen

    # --- 9. one paper survey form (after the day), typed with the keyboard ------------------------
    surveys = win.show_area("surveys")
    assert bar.step.key == "survey" and bar.button.text() == _("Enter survey answers")  # the day goes on
    surveys.tabs.setCurrentWidget(surveys.paper)
    paper = surveys.paper
    win.activateWindow()  # the window has the keyboard again after the progress dialogs
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    paper.wave.setFocus()
    paper.wave.setCurrentIndex(paper.wave.findData("after"))
    qtbot.waitUntil(lambda: paper.fields and paper.fields[0].isVisible())  # the after form's questions
    paper.code.setFocus()
    qtbot.keyClicks(paper.code, yilmaz_code.lower())  # the code printed on his form
    qtbot.keyClick(paper.code, Qt.Key.Key_Return)
    assert paper.message.text() == _("New {wave} form.").format(wave=wave_label("after"))
    assert paper.table.text() == str(yilmaz_table)  # filled in from his seat
    assert QApplication.focusWidget() is paper.fields[0]  # the answers come next, not the table
    for _field in paper.fields:
        before = QApplication.focusWidget()
        QTest.keyClicks(before, "1")
        if QApplication.focusWidget() is before and before is not paper.fields[-1]:
            QTest.keyClick(before, Qt.Key.Key_Return)
    if paper.has_input():
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: paper.message.text().startswith("✓"), timeout=5000)
    assert paper.forms.rowCount() == 1
    shot("survey-paper-form")

    # --- 10. the survey results -----------------------------------------------------------------------
    surveys.tabs.setCurrentWidget(surveys.results)
    results = surveys.results
    # one form: no shares that would give that person's answers away, but no "no answers yet" either
    assert results.headlines.text() == ngettext(
        "Only {n} after form so far: the headline figures appear from {min} forms on, so that nobody's "
        "answers can be recognised.", "Only {n} after forms so far: the headline figures appear from {min} "
        "forms on, so that nobody's answers can be recognised.", 1).format(n=1, min=5)
    assert results.rates.text().startswith(ngettext(
        "{wave}: {n} form ({rate} of {total} {basis})", "{wave}: {n} forms ({rate} of {total} {basis})", 1
    ).split("(")[0].format(wave=wave_label("after"), n=1))
    shot("survey-results")

    # --- 11. the event report (Next step ▸ Make the report…) --------------------------------------------
    assert bar.step.key == "report" and bar.button.text() == _("Make the report…")
    click(qtbot, bar.button)
    reports = win.pages.currentWidget()
    reports.docs.setCurrentRow(list(PRINT_KINDS).index("report"))
    click(qtbot, reports.create_button)
    qtbot.waitUntil(lambda: reports.handle is None and reports.save_button.isEnabled(), timeout=60000)
    assert reports.status.text().startswith(_(exports.spec("report").description))
    QTest.qWait(400)
    shot("report-pdf")
    files["save"] = tmp_path / "report.pdf"
    click(qtbot, reports.save_button)
    assert (tmp_path / "report.pdf").stat().st_size > 1000

    # --- 12. packages for all tables (File ▸ Make a table package…) -------------------------------------
    from dialogue_app.ui.offline.merge_dialog import MergeDialog
    from dialogue_app.ui.offline.package_dialog import PackageDialog

    folder = tmp_path / "packages"

    def make_all(dlg: PackageDialog) -> None:
        assert dlg.tables.count() == 17
        click(qtbot, dlg.all_button)
        tick(qtbot, dlg.each)
        type_into(qtbot, dlg.output, str(folder))
        shot("packages-dialog", dlg)
        click(qtbot, dlg.buttons.button(QDialogButtonBox.StandardButton.Ok))

    when_modal(PackageDialog, make_all)
    win.offline_actions[0].trigger()
    made = sorted(folder.glob("*.dialogue"))
    assert len(made) == 17
    assert win.statusBar().currentMessage() == ngettext(
        "Wrote {n} table package into {folder}.", "Wrote {n} table packages into {folder}.", 17).format(
            n=17, folder=folder)
    shot("packages-written")

    # --- 13. merge one package back (File ▸ Merge packages…) -----------------------------------------
    package = next(p for p in made if p.stem.endswith(_("table {n}").format(n=f"{yilmaz_table:02d}")))
    # the facilitator of Hüseyin's table opens the package on a laptop and checks in a late arrival
    files["open"] = package
    win.act_open.trigger()
    qtbot.waitUntil(lambda: win.ctx.path == package)
    assert _("(table package)") in win.windowTitle()
    tables = win.show_area("tables")
    tables.tabs.setCurrentWidget(tables.checkin)
    door = tables.checkin
    late = door.list.item(0).text().split(" — ")[0]
    door.list.setCurrentRow(0)
    click(qtbot, door.checkin_button)
    assert door.result.text().startswith("✓ " + late)
    shot("package-late-arrival")
    files["open"] = event_path  # back at the organiser's event
    win.act_open.trigger()
    qtbot.waitUntil(lambda: win.ctx.path == event_path)

    def merge_one(dlg: MergeDialog) -> None:
        files["open_many"] = [package]
        click(qtbot, add_button(dlg))
        qtbot.waitUntil(lambda: dlg.merge_button.isEnabled(), timeout=30000)
        nothing = _("Would add {inserted}, update {updated} and delete {deleted} records.").format(
            inserted=0, updated=0, deleted=0)
        assert dlg.summary.text() and not dlg.summary.text().startswith(nothing)  # the check-in comes back
        shot("merge-dialog", dlg)
        click(qtbot, dlg.merge_button)

    when_modal(MergeDialog, merge_one)
    win.offline_actions[1].trigger()
    assert win.statusBar().currentMessage().startswith(_("Merged: added {inserted}, updated {updated}, deleted "
                                                         "{deleted} records.")[:8])
    tables = win.show_area("tables")
    tables.tabs.setCurrentWidget(tables.checkin)
    assert tables.checkin.arrivals.text() == (
        _("Arrived: {arrived} of {expected} expected").format(arrived=6, expected=expected)
        + " · " + ngettext("{n} walk-in", "{n} walk-ins", 1).format(n=1))  # the late arrival came back
    shot("merged")
    assert not errors_recorded, [getattr(e, "message", e) for e in errors_recorded]


def add_button(dlg) -> QPushButton:
    return next(b for b in dlg.findChildren(QPushButton) if b.accessibleName() == _("Add packages"))
