"""Defects the whole-day journey ran into, each checked on its own (quick, unlike the journey)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlalchemy import delete

from dialogue_app import storage
from dialogue_app.models import Assignment
from dialogue_app.ui import tables_panel
from tests.journey import registrations

pytestmark = pytest.mark.qt


def _window(qtbot, path):
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    win = MainWindow(AppContext())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(path)
    return win


def test_the_next_step_bars_plan_tables_plans(qtbot, demo_path, errors_recorded, monkeypatch):
    """With nobody seated, the bar's "Plan tables (Ctrl+P)" starts planning on the Tables screen and
    seats everybody (before, it only showed the Tables screen and the organiser had to find the button
    there)."""
    store = storage.open_event_file(demo_path)
    with store.session() as s:
        s.execute(delete(Assignment))
    store.close()
    monkeypatch.setattr(tables_panel.TablesPanel, "plan_seconds", 0.3)
    win = _window(qtbot, demo_path)
    try:
        bar = win.next_step_bar
        assert bar.step.key == "plan" and bar.button.text() == "Plan tables (Ctrl+P)"
        bar.button.click()
        tables = win.panel("tables")
        assert win.pages.currentWidget() is tables
        qtbot.waitUntil(lambda: not getattr(tables.plan_view, "_planning", False), timeout=30000)
        tables.plan_view.reload()
        assert not tables.plan_view.unseated.isVisible()  # everybody has a table
        assert bar.step.key != "plan"
        assert errors_recorded == []
    finally:
        win.ctx.close_event()


def test_the_import_check_counts_people_not_rows(qtbot, new_event, tmp_path, errors_recorded):
    """A file of 101 rows with one person on two rows and one row with an error: the check says 99
    people can be imported (before: 100, though the import then added 99)."""
    from dialogue_app.ui.importing.wizard import open_import_wizard

    path = new_event.path
    new_event.close()
    win = _window(qtbot, path)
    try:
        wizard = open_import_wizard(win.ctx, win)
        wizard.file_page.path.setText(str(registrations.write(tmp_path / "inschrijvingen.csv")))
        wizard.button(QWizard.WizardButton.NextButton).click()
        wizard.button(QWizard.WizardButton.NextButton).click()
        qtbot.waitUntil(lambda: wizard.preview is not None, timeout=30000)
        summary = wizard.check_page.summary.text()
        assert "101 rows read. 99 people can be imported. 1 error in 1 row." in summary
        wizard.check_page.wizard().button(QWizard.WizardButton.NextButton).click()
        wizard.import_page.valid_only.setChecked(True)
        wizard.import_page.import_button.click()
        qtbot.waitUntil(lambda: wizard.result is not None, timeout=30000)
        assert wizard.result.created == 99
        wizard.close()
    finally:
        win.ctx.close_event()


def test_the_new_event_dialog_shows_a_whole_title(qtbot):
    """The New event dialog's Title and Theme fields are wide enough for a usual title: typing
    "Journée du Dialogue Nord" leaves all of it visible (before: the dialog opened 230 pixels wide and
    the title scrolled out of sight)."""
    from dialogue_app.ui.new_event_dialog import NewEventDialog

    dlg = NewEventDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.title.setText("Journée du Dialogue Nord")
    dlg.theme.setText("Samenleven in de wijk Noord")
    for field in (dlg.title, dlg.theme):
        assert field.fontMetrics().horizontalAdvance(field.text()) < field.width() - 8


def test_a_progress_dialog_shows_its_whole_stop_button(qtbot, qapp):
    """Planning's progress dialog shows the whole "Stop and keep the best plan" button in Dutch
    ("Stoppen en de beste indeling houden"); before, the narrow dialog cut it to "…n en de beste
    indeling houden"."""
    import threading

    from PySide6.QtWidgets import QApplication, QPushButton, QWidget

    from dialogue_app import i18n
    from dialogue_app.i18n import gettext as _
    from dialogue_app.ui.worker import run_task

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(800, 600)
    parent.show()
    release = threading.Event()
    with i18n.language("nl"):
        text = _("Stop and keep the best plan")
        handle = run_task(parent, _("Planning the tables…"), lambda progress, stop: release.wait(10),
                          cancel_text=text)
    try:
        dialog = handle.dialog
        qtbot.waitUntil(dialog.isVisible, timeout=3000)
        button = dialog.findChild(QPushButton)
        assert button.text() == text == "Stoppen en de beste indeling houden"
        QApplication.processEvents()
        assert button.width() >= button.fontMetrics().horizontalAdvance(text)
        assert button.x() >= 0 and button.geometry().right() < dialog.width()  # inside the dialog
    finally:
        with qtbot.waitSignal(handle.done, timeout=5000):
            release.set()


def test_a_saved_paper_form_names_the_code_as_printed(qtbot, demo_path, errors_recorded):
    """A code typed in lower case ("z3qabq") is confirmed as printed on the badge: "Saved the After
    form of Z3QABQ." (before: the lower-case text as typed)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from dialogue_app.services import people
    from dialogue_app.services import survey as svc

    win = _window(qtbot, demo_path)
    try:
        def code_without_after(s):
            done = {r.respondent for r in svc.list_responses(s) if r.wave == "after"}
            return next(p.code for p in people.list_people(s)
                        if "participant" in p.roles and p.code not in done)

        code = win.ctx.read(code_without_after)
        surveys = win.show_area("surveys")
        surveys.show_page("paper")
        paper = surveys.paper
        paper.wave.setCurrentIndex(paper.wave.findData("after"))
        qtbot.waitUntil(lambda: bool(paper.fields) and paper.fields[0].isVisible())
        win.activateWindow()
        paper.code.setFocus()
        qtbot.keyClicks(paper.code, code.lower())
        qtbot.keyClick(paper.code, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is paper.fields[0])
        qtbot.keyClicks(paper.fields[0], "4")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: paper.message.text().startswith("✓"), timeout=5000)
        assert paper.message.text() == f"✓ Saved the After form of {code}."
        assert errors_recorded == []
    finally:
        win.ctx.close_event()


def test_one_after_form_gives_no_headline_figures(qtbot, new_event, errors_recorded):
    """With a single after form the Results page does not claim "100 % met people they had never
    spoken to" (that one person's answers, while the table below hides every cell under 5) nor "No
    after-survey answers yet": it says how many forms there are and from how many the figures show;
    the count reads "After: 1 form" (before: "1 forms")."""
    from dialogue_app.services import people
    from dialogue_app.services import survey as svc

    def one_form(s):
        data = people.new_person()
        people.save_person(s, type(data)(**{**data.__dict__, "first_name": "Eva"}))
        code = people.list_people(s)[0].code
        svc.SaveResponse(svc.ResponseData(None, "after", code, ("", "", "", "", ""), None,
                                          (("met_new_people", "1"),), "paper"), "x").apply(s)

    with new_event.session() as s:
        one_form(s)
    path = new_event.path
    new_event.close()
    win = _window(qtbot, path)
    try:
        results = win.show_area("surveys").results
        text = results.headlines.text()
        assert "100" not in text and text != "No after-survey answers yet."
        assert text.startswith("Only 1 after form so far: the headline figures appear from 5 forms on")
        assert "After: 1 form (" in results.rates.text()
        assert errors_recorded == []
    finally:
        win.ctx.close_event()


def test_the_plan_never_says_about_0_people_would_sit_alone(qtbot, demo_path, errors_recorded):
    """When a random seating would leave (rounded) nobody alone with their group, the Tables screen
    says only what a random seating would reach, not "…but about 0 people would sit alone with their
    group" (seen on the journey's 17 tables)."""
    import dataclasses

    from dialogue_app.ui.plan_summary import quality_text

    win = _window(qtbot, demo_path)
    try:
        view = win.show_area("tables").plan_view.view
        text = quality_text(dataclasses.replace(view, random_share=0.925, random_isolated=0.2, gap_closed=None))
        assert "about 0 people" not in text
        assert "A random seating would reach 92.5% of the upper bound." in text
        text = quality_text(dataclasses.replace(view, random_share=0.925, random_isolated=3.2))
        assert "about 3 people would sit alone with their group" in text  # unchanged when someone would
    finally:
        win.ctx.close_event()


def test_the_next_step_moves_on_once_facilitation_has_started(qtbot, demo_path, errors_recorded):
    """After Start on the Facilitation screen, the bar no longer says "Next: guide the rounds… Open
    facilitation" once the organiser goes to another area (before, it kept saying so until some other
    change was announced)."""
    from sqlalchemy import delete, update

    from dialogue_app.models import Person
    from dialogue_app.models.facilitation import Commitment, PhaseRun
    from dialogue_app.models.survey import SurveyAnswer, SurveyResponse

    store = storage.open_event_file(demo_path)
    with store.session() as s:  # the demo as just after check-in: nothing facilitated or surveyed yet
        for model in (SurveyAnswer, SurveyResponse, Commitment, PhaseRun):
            s.execute(delete(model))
        s.execute(update(Person).where(Person.attendance == "registered").values(attendance="present"))
    store.close()
    win = _window(qtbot, demo_path)
    try:
        bar = win.next_step_bar
        assert bar.step.key == "facilitation"
        fac = win.show_area("facilitation")
        fac.start_btn.click()
        win.show_area("surveys")
        assert bar.step.key == "survey" and bar.button.text() == "Enter survey answers"
        assert errors_recorded == []
    finally:
        win.ctx.close_event()


def test_the_merge_dialog_shows_its_whole_choice_heading_in_dutch(qtbot, demo_path, errors_recorded):
    """File ▸ Merge packages… in Dutch at its opening size: the conflicts' last column reads "Waarde van
    het pakket gebruiken" in full (before: "…arde van het pakket gebruik")."""
    from dialogue_app import i18n
    from dialogue_app.ui.offline.merge_dialog import MergeDialog

    win = _window(qtbot, demo_path)
    try:
        with i18n.language("nl"):
            dialog = MergeDialog(win.ctx, win)
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            header = dialog.view.horizontalHeader()
            text = dialog.view.model().headerData(4, Qt.Orientation.Horizontal)
            assert text == "Waarde van het pakket gebruiken"
            assert header.sectionSize(4) >= header.fontMetrics().horizontalAdvance(text)
        dialog.reject()
    finally:
        win.ctx.close_event()


def test_a_sensitive_dimension_nobody_gave_is_not_shown_as_mix_0(qtbot):
    """A table card's sensitive dimension of which nobody at the table has a known group (no consent
    in the registration file) says "not known (sensitive)", not "mix 0% (sensitive)" as if the table
    were all one group (seen on all 17 tables of the journey)."""
    from dialogue_app.services.seating import CardComposition
    from dialogue_app.ui.table_card import CompositionBar

    bar = CompositionBar(CardComposition("Cultural origin", "origin", True, {}, 0.0, mix=None))
    qtbot.addWidget(bar)
    assert bar.accessibleName() == ("Cultural origin: not known for the people here (sensitive: only with their "
                                    "consent)")
    assert "0%" not in bar.toolTip()
    assert not bar.grab().isNull()  # paints without error
    known = CompositionBar(CardComposition("Cultural origin", "origin", True, {}, 0.5, mix=0.75))
    qtbot.addWidget(known)
    assert "mix 75%" in known.accessibleName()


def test_planning_progress_speaks_plainly(demo_store):
    """While planning, the progress dialog says what is going on ("Round 1: looking for the most mixed
    tables. Stop keeps the best plan found so far.") instead of a raw score ("Best score so far: 872.9")
    nobody can read."""
    from dialogue_app.services import planning as plan_svc

    messages: list[str] = []
    plan_svc.plan_event(demo_store, seconds=0.3, seed=1, progress=lambda frac, message="": messages.append(message))
    shown = {m for m in messages if m}
    assert shown == {"Round 1: looking for the most mixed tables. Stop keeps the best plan found so far."}
