"""Survey exports as the impact report reads them: the network record, older exports, read-only, bad files,
the ``impact`` command and what leaves it (aggregates only)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil

import openpyxl
import pypdf
import pytest

from dialogue_app import exports
from dialogue_app.cli import main
from dialogue_app.errors import DialogueError
from dialogue_app.impact.analysis import build_report
from dialogue_app.impact.reader import read_export
from dialogue_app.services import events
from dialogue_app.services import survey as svc
from dialogue_app.services.survey.sample import write_sample_export


def test_export_carries_what_pooling_needs(demo_store, tmp_path):
    """The survey SQLite export names the event's city (as the organiser typed it), date, instrument version
    and the language of each form; one event pooled alone gives the event report's own test results."""
    with demo_store.session() as s:
        settings = events.get_settings(s)
        events.update_settings(s, dataclasses.replace(settings, network_name="Gent"))
        report = svc.survey_report(s)
    out = tmp_path / "gent.sqlite"
    exports.run_export(demo_store, "survey-sqlite", out)
    ex = read_export(out)
    assert ex.schema_version == "2"
    assert ex.network_name == "Gent" and ex.date == settings.date and ex.title == settings.title
    assert ex.name == f"Gent {settings.date.isoformat()}"
    assert len(ex.instrument_version) == 12
    assert ex.form_languages == {"en": sum(ex.forms.values())}
    impact = build_report([ex])
    by_key = {it.key: it for it in impact.items}
    ours = {r.key: r for r in report.items}
    assert by_key["connected"].events[0].p_value == pytest.approx(ours["connected"].p_value)
    assert by_key["connected"].events[0].effect_size == pytest.approx(ours["connected"].effect_size)
    assert by_key["intend_action"].events[0].p_value == pytest.approx(ours["intend_action"].p_value)
    assert by_key["met_new_people"].events[0].estimate == pytest.approx(ours["met_new_people"].share)


def test_older_export_without_network_record_still_reads(tmp_path):
    """A schema-1 export (no date, city, instrument version or form language) is read and named by its file."""
    path = write_sample_export(tmp_path / "lyon-2022.sqlite", title="x", city="Lyon", date=dt.date(2022, 5, 1),
                               lang="fr", schema="1", respondents=30)
    ex = read_export(path)
    assert ex.schema_version == "1" and ex.date is None and ex.network_name == "" and ex.name == "lyon-2022"
    assert ex.language == "fr" and set(ex.form_languages) == {"fr"}
    assert ex.instrument_version.startswith("v1-")
    assert build_report([ex]).items


def test_reader_never_changes_the_file_and_copes_with_odd_folder_names(tmp_path):
    """Exports in folders with spaces, # and ? are read through a quoted read-only URI; the file is unchanged."""
    folder = tmp_path / "Dag 2024 #2 ?final"
    folder.mkdir()
    path = write_sample_export(folder / "e v.sqlite", title="t", city="Ede", date=dt.date(2024, 1, 1))
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    assert read_export(path).network_name == "Ede"
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in folder.iterdir()) == ["e v.sqlite"]


def test_files_that_are_not_exports_give_a_clear_message(tmp_path, demo_path):
    """A text file, an event file and a missing file are refused with a sentence, not a traceback."""
    text = tmp_path / "notes.sqlite"
    text.write_text("hello", encoding="utf-8")
    for path in (text, demo_path, tmp_path / "missing.sqlite"):
        with pytest.raises(DialogueError) as err:
            read_export(path)
        assert path.name in err.value.message


@pytest.fixture
def three_exports(tmp_path):
    rng = random.Random(5)
    return [write_sample_export(tmp_path / f"{c}.sqlite", title="Day", city=c, date=dt.date(2023 + i, 10, 1),
                                respondents=n, rng=rng)
            for i, (c, n) in enumerate([("Gent", 60), ("Lyon", 40), ("Ede", 3)])]


def test_impact_command_writes_pdf_json_xlsx_with_aggregates_only(three_exports, tmp_path, capsys):
    """`impact … -o --json --xlsx`: the PDF, JSON and spreadsheet hold no respondent key and no count of
    people below 5 (the 3-person event shows no figures of its own but counts in the pooled result)."""
    pdf, xlsx = tmp_path / "impact.pdf", tmp_path / "impact.xlsx"
    args = ["impact", *map(str, three_exports), "-o", str(pdf), "--json", "--xlsx", str(xlsx)]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    keys = {k for p in three_exports for k in read_export(p).answers}
    pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    cells = " ".join(str(c.value) for ws in openpyxl.load_workbook(xlsx).worksheets for row in ws.iter_rows()
                     for c in row)
    for key in keys:
        assert key not in pdf_text and key not in cells and key not in json.dumps(data)
    connected = next(it for it in data["items"] if it["key"] == "connected")
    assert connected["pooled"]["n"] > 60
    ede = next(r for r in connected["events"] if r["event"].startswith("Ede"))
    assert ede["n"] is None and ede["estimate"] is None and ede["note"] == "small"
    for it in data["items"]:
        for r in it["events"]:
            assert r["n"] is None or r["n"] >= 5
            for share in (r.get("up"), r.get("down")):
                assert share is None or share * r["n"] >= 5 - 1e-9
    assert "Mantel" in next(it for it in data["items"] if it["key"] == "intend_action")["pooled"]["method"]
    assert "fewer than 5" in pdf_text


def test_impact_command_refuses_bad_input_without_traceback(three_exports, tmp_path, capsys):
    """A missing export or the same export twice: one clear line, exit code not 0, no PDF written."""
    out = tmp_path / "x.pdf"
    assert main(["impact", str(three_exports[0]), str(tmp_path / "nope.sqlite"), "-o", str(out)]) != 0
    err = capsys.readouterr().err
    assert "nope.sqlite" in err and "Traceback" not in err
    copy = tmp_path / "copy.sqlite"
    shutil.copy(three_exports[0], copy)
    assert main(["impact", str(copy), str(copy), "-o", str(out)]) != 0
    assert "twice" in capsys.readouterr().err
    assert not out.exists()


def test_survey_export_lands_in_a_folder_with_question_mark(demo_store, tmp_path):
    """Exporting the survey into a folder named "Dag 2024 ?#2" writes the file there (it used to be written to
    a different path because "?" started the database URL's query)."""
    folder = tmp_path / "Dag 2024 ?#2"
    folder.mkdir()
    out = folder / "survey.sqlite"
    exports.run_export(demo_store, "survey-sqlite", out)
    assert out.is_file() and read_export(out).items
