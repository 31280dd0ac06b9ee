"""The impact screen: survey exports of several events → pooled results in plain sentences → PDF;
the event setting that names the city in survey exports."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pypdf

from dialogue_app import exports, i18n
from dialogue_app.impact.reader import read_export
from dialogue_app.services.survey.sample import write_sample_export
from dialogue_app.ui import context

SHOTS = os.environ.get("DIALOGUE_APP_SHOTS")


def _shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def _exports(tmp_path: Path, lang: str = "en") -> list[Path]:
    rng = random.Random(3)
    return [write_sample_export(tmp_path / f"{city}-{year}.sqlite", title="Day", city=city, lang=lang,
                                date=dt.date(year, 11, 3), respondents=n, rng=rng)
            for city, year, n in (("Gent", 2023, 80), ("Gent", 2024, 70), ("Lyon", 2024, 40))]


def test_impact_screen_shows_sentences_and_saves_the_pdf(window, qtbot, tmp_path):
    """Surveys → Impact across events: three exports give one plain sentence per question (e.g. “more
    participants felt connected … moved up”), and Save PDF writes the report through a background task."""
    panel = window.show_area("surveys")
    dlg = panel.open_impact()
    qtbot.addWidget(dlg)
    assert not dlg.pdf_button.isEnabled()
    dlg.add_exports(_exports(tmp_path))
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    text = dlg.results.toPlainText()
    assert "After the day more participants felt connected to people who differ from them" in text
    assert "moved up" in text and "3 events" in text
    assert "3 events put together" in dlg.status.text()
    dlg.resize(1366 * 3 // 4, 620)
    _shot(dlg, "impact-dialog-en.png")
    out = tmp_path / "impact.pdf"
    dlg.save("pdf", out)
    qtbot.waitUntil(out.exists, timeout=30000)
    qtbot.waitUntil(lambda: "Saved" in dlg.status.text(), timeout=10000)
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "All events (pooled)" in pdf_text and not context.REPORTED


def test_impact_screen_in_dutch(window, qtbot, tmp_path):
    """With the report language set to Dutch, the sentences are Dutch."""
    dlg = window.open_impact()
    qtbot.addWidget(dlg)
    dlg.lang.setCurrentIndex(dlg.lang.findData("nl"))
    dlg.add_exports(_exports(tmp_path, "nl"))
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    text = dlg.results.toPlainText()
    assert "Na de dag" in text and "mensen" in text
    with i18n.language("nl"):
        _shot(dlg, "impact-dialog-nl.png")


def test_a_file_that_is_no_export_is_refused_with_its_name(window, qtbot, tmp_path):
    """A file that is not a survey export: the error names it and nothing can be saved."""
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    dlg = window.open_impact()
    qtbot.addWidget(dlg)
    dlg.add_exports([*_exports(tmp_path), bad])
    qtbot.waitUntil(lambda: bool(context.REPORTED), timeout=20000)
    assert "notes.sqlite" in context.REPORTED[-1].message
    assert dlg.report is None and not dlg.pdf_button.isEnabled()
    context.REPORTED.clear()


def test_city_setting_goes_into_the_survey_export(window, event, tmp_path):
    """Event settings → “City or organiser for survey exports”: saved, then written into the survey export."""
    event.network.setText("Rotterdam-Zuid")
    event.network.textEdited.emit("Rotterdam-Zuid")
    assert event.save_settings()
    out = tmp_path / "s.sqlite"
    exports.run_export(window.ctx.store, "survey-sqlite", out)
    assert read_export(out).network_name == "Rotterdam-Zuid"


def test_survey_results_show_each_result_in_plain_words(window):
    """Surveys → Results lists every analysed question as a sentence (e.g. “… moved up, … down (… people who
    filled in both forms …)”)."""
    panel = window.show_area("surveys")
    text = panel.results.plain.toPlainText()
    assert "people who filled in both forms" in text and "chance" in text
    assert text.count("•") >= 5
    _shot(panel, "survey-results-plain-en.png")


def test_commitments_screen_reminds_when_the_follow_up_window_opens(window, qtbot):
    """Commitments: between 4 and 8 weeks after the event date a reminder says the follow-up window is open
    and how many people may be contacted; outside that window it is hidden."""
    from dialogue_app.services import followup

    panel = window.show_area("commitments")
    panel.show_followup_reminder(window.ctx.read(lambda s: followup.reminder(s, dt.date(2026, 12, 10))))
    assert panel.followup_reminder.isVisible()
    assert "follow-up window is open" in panel.followup_reminder.text()
    qtbot.wait(50)
    _shot(panel, "commitments-reminder-en.png")
    panel.show_followup_reminder(window.ctx.read(lambda s: followup.reminder(s, dt.date(2026, 11, 20))))
    assert not panel.followup_reminder.isVisible()


def test_consent_to_be_contacted_is_recorded_on_the_commitments_screen(window, qtbot):
    """Commitments → follow-up by code: after finding a participant, “Agreed to be contacted for the follow-up”
    records the consent (the person joins the follow-up list); undo takes it back."""
    from dialogue_app.services import commitments as cm
    from dialogue_app.services import followup

    panel = window.show_area("commitments")
    code = next(c.person_code for c in window.ctx.read(cm.list_commitments) if not c.anonymous)
    assert not panel.fu_contact.isEnabled()
    panel.code.setText(code)
    panel.find_code()
    assert panel.fu_contact.isEnabled() and not panel.fu_contact.isChecked()
    panel.fu_contact.click()
    assert code in [p.code for p in window.ctx.read(followup.followup_list)]
    window.ctx.undo_stack.undo()
    assert code not in [p.code for p in window.ctx.read(followup.followup_list)]
