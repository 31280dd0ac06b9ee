"""Survey services: instrument editing with undo, entry with duplicate detection, import, report."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace

import pytest

from dialogue_app import csvsafe, exports
from dialogue_app.errors import ImportRejected, UserInputError
from dialogue_app.i18n import language
from dialogue_app.services import people
from dialogue_app.services import survey as svc
from dialogue_app.survey import stats


def _add_people(store, n):
    codes = []
    with store.session() as s:
        for i in range(n):
            d = people.new_person()
            d = people.PersonData(id=d.id, first_name=f"Ann{i}", last_name="Test", attendance="registered")
            people.save_person(s, d)
        codes = [r.code for r in people.list_people(s)]
    return codes


def test_default_instrument_in_event_language(tmp_path):
    """The default items are stored in the event language with their stable keys."""
    from dialogue_app import storage
    from dialogue_app.services import events

    store = storage.create_event_file(tmp_path / "nl.dialogue")
    with store.session() as s:
        events.create_event(s, "Dag", lang="nl")
        items = svc.ensure_instrument(s)
    store.close()
    keys = [it.key for it in items]
    assert keys[:4] == ["talk_other_backgrounds", "connected", "trust", "intend_action"]
    assert "recommend" in keys and len(keys) == 9
    with language("nl"):
        from dialogue_app.i18n import gettext as _
        expected = _("I trust neighbours of other backgrounds")
    assert expected != "I trust neighbours of other backgrounds"
    assert items[2].label == expected
    assert items[0].waves == ("before", "follow-up")


def test_item_edits_undo(new_event):
    """Adding, editing, moving and removing items are undoable (the inverse restores the instrument)."""
    with new_event.session() as s:
        before = svc.ensure_instrument(s)
        new = svc.ItemInfo(uuid.uuid4(), "learned", "text", "What did you learn?", ("after",), (), -1)
        inv_add = svc.SaveItem(new, "add").apply(s)
        assert [it.key for it in svc.instrument(s)][-1] == "learned"
        trust = next(it for it in svc.instrument(s) if it.key == "trust")
        inv_edit = svc.SaveItem(svc.ItemInfo(trust.id, "trust", "agree5", "Ik vertrouw", trust.waves, (),
                                             trust.position), "edit").apply(s)
        inv_move = svc.MoveItem(trust.id, -1, "up").apply(s)
        assert [it.key for it in svc.instrument(s)][1] == "trust"
        inv_del = svc.DeleteItem(trust.id, "del").apply(s)
        assert "trust" not in [it.key for it in svc.instrument(s)]
        for inv in (inv_del, inv_move, inv_edit, inv_add):
            inv.apply(s)
        assert svc.instrument(s) == before
        with pytest.raises(UserInputError):
            svc.save_item(s, svc.ItemInfo(None, "trust", "agree5", "dup", ("after",)))
        with pytest.raises(UserInputError):
            svc.save_item(s, svc.ItemInfo(None, "Bad Key", "agree5", "x", ("after",)))


def test_entry_duplicate_detection_and_correction(new_event):
    """A second form for the same code and wave is refused; the existing one is found and corrected; undo works."""
    codes = _add_people(new_event, 3)
    with new_event.session() as s:
        d = svc.ResponseData(None, "before", codes[0], table_number=2, answers=(("trust", "3"), ("connected", "4")))
        inv = svc.SaveResponse(d, "enter").apply(s)
        with pytest.raises(UserInputError):
            svc.save_response(s, svc.ResponseData(uuid.uuid4(), "before", codes[0].lower(), answers=(("trust", "5"),)))
        found = svc.find_response(s, "before", code=codes[0])
        assert found is not None and found.answer("trust") == "3"
        inv2 = svc.SaveResponse(svc.ResponseData(found.id, "before", codes[0], table_number=2,
                                                 answers=(("trust", "5"),)), "fix").apply(s)
        assert svc.get_response(s, found.id).answers == (("trust", "5"),)
        inv2.apply(s)
        assert svc.get_response(s, found.id).answer("connected") == "4"
        inv.apply(s)
        assert svc.list_responses(s) == []
        # an item not asked in that wave, or a bad value, is refused
        with pytest.raises(UserInputError):
            svc.save_response(s, svc.ResponseData(None, "before", codes[1], answers=(("met_new_people", "1"),)))
        with pytest.raises(UserInputError):
            svc.save_response(s, svc.ResponseData(None, "before", codes[1], answers=(("trust", "6"),)))
        # an item with answers keeps its type
        trust = next(it for it in svc.instrument(s) if it.key == "trust")
        svc.save_response(s, svc.ResponseData(None, "before", codes[2], answers=(("trust", "4"),)))
        with pytest.raises(UserInputError):
            svc.save_item(s, replace(trust, kind="yes_no"))
        # self-generated codes: same full code and wave is a duplicate too
        sgc = ("M", "3", "1", "R", "14")
        svc.save_response(s, svc.ResponseData(None, "after", sgc=sgc, answers=(("met_new_people", "1"),)))
        assert svc.find_response(s, "after", sgc=sgc) is not None
        with pytest.raises(UserInputError):
            svc.save_response(s, svc.ResponseData(None, "after", sgc=sgc))


def test_template_imports_back_cleanly(new_event, tmp_path):
    """The survey-template export imports without a problem and stores one form per example row."""
    out = tmp_path / "template.csv"
    n = exports.run_export(new_event, "survey-template", out)
    assert n == 3
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    header = rows[0].split(",")
    assert header[:3] == ["code", "wave", "table"] and "met_new_people" in header
    before = dict(zip(header, rows[1].split(","), strict=True))
    assert before["wave"] == "before" and before["met_new_people"] == "" and before["trust"] in "12345"
    with new_event.session() as s:
        res = svc.import_responses(s, out)
        assert res.forms == 3 and res.by_wave == {"before": 1, "after": 1, "follow-up": 1}
        report = svc.survey_report(s)
        assert report.matched == 1 and report.matched_by_sgc == 1


def test_import_is_all_or_nothing(new_event, tmp_path):
    """Any bad cell rejects the whole file with row/column problems, and nothing is written."""
    codes = _add_people(new_event, 4)
    path = tmp_path / "r.csv"
    path.write_text(
        "\ufeffCode;Wave;Table;trust;intend_action;met_new_people\n"
        f"{codes[0]};before;1;4;yes;\n"
        f"{codes[1]};after;1;3;0;1\n"
        f"{codes[2]};after;x;9;maybe;\n"
        f"{codes[1]};after;2;3;no;\n",
        encoding="utf-8",
    )
    with new_event.session() as s, pytest.raises(ImportRejected) as err:
        svc.import_responses(s, path)
    details = "\n".join(err.value.details)
    assert "row 4, column table" in details and "row 4, column trust" in details
    assert "row 4, column intend_action" in details and "row 5, column code" in details
    with new_event.session() as s:
        assert svc.list_responses(s) == []
    # fixed file (comma separated, no BOM, 1/0 answers) imports
    path.write_text(
        "code,wave,table,trust,intend_action,met_new_people\n"
        f"{codes[0]},before,1,4,1,\n{codes[0]},after,1,5,1,1\n,after,,,,0\n",
        encoding="utf-8",
    )
    with new_event.session() as s, pytest.raises(ImportRejected):
        svc.import_responses(s, path)  # the last row has no respondent code
    path.write_text(
        "code,wave,table,trust,intend_action,met_new_people\n"
        f"{codes[0]},before,1,4,1,\n{codes[0]},after,1,5,1,1\n",
        encoding="utf-8",
    )
    with new_event.session() as s:
        assert svc.import_responses(s, path).forms == 2
        r = svc.survey_report(s)
        assert r.matched == 1 and r.matched_by_code == 1


def test_report_uses_only_linked_pairs_and_matches_stats(demo_store):
    """Paired tests use linked pairs only; the figures equal the pure statistics on those pairs."""
    with demo_store.session() as s:
        report = svc.survey_report(s)
        _items, forms, answers = svc._load(s)
        lk = svc.link(forms, "before", "after")
    assert report.respondents["before"] > 0 and 0.5 < report.match_rate <= 1
    by_key = {r.key: r for r in report.items}
    assert by_key["met_new_people"].analysis == "after-share"
    assert by_key["intend_action"].analysis == "paired-yes-no"
    con = by_key["connected"]
    assert con.analysis == "paired-scale"
    pairs = [(answers[a].get("connected"), answers[b].get("connected")) for a, b in lk.pairs.items()]
    pairs = [(int(x), int(y)) for x, y in pairs if x and y]
    w = stats.wilcoxon([x for x, _ in pairs], [y for _, y in pairs])
    assert con.n == len(pairs) and con.p_value == pytest.approx(w.p_value)
    assert con.improved + con.unchanged + con.worsened == pytest.approx(1.0)
    assert con.unmatched >= 0
    met = by_key["met_new_people"]
    vals = [answers[f.id]["met_new_people"] for f in forms if f.wave == "after" and "met_new_people" in answers[f.id]]
    assert met.n == len(vals) and met.share == pytest.approx(vals.count("1") / len(vals))
    tested = [r for r in report.items if r.analysis != "after-share" and r.n]
    assert [r.p_holm for r in tested] == pytest.approx(stats.holm([r.p_value for r in tested]))
    j = report.to_json()
    json.dumps(j)
    assert {"response_rate", "match_rate", "items"} <= set(j)


def test_table_breakdown_suppresses_small_cells(demo_store):
    """No visible cell in the per-table breakdown is below 5, and no row/column hides just one cell."""
    with demo_store.session() as s:
        b = svc.table_breakdown(s)
    cells = [c for _label, counts in b.rows for c in counts]
    assert any(c is None for c in cells)
    assert all(c is None or c >= 5 for c in cells)
    for _label, counts in b.rows:
        assert sum(c is None for c in counts) != 1
    for j in range(len(b.waves)):
        assert sum(counts[j] is None for _l, counts in b.rows) != 1


def test_csv_export_is_formula_safe_long_format(demo_store, tmp_path):
    """survey-csv holds one row per answer with random respondent keys, UTF-8 with BOM."""
    out = tmp_path / "s.csv"
    n = exports.run_export(demo_store, "survey-csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "respondent_key,wave,table_number,item_key,value"
    assert len(lines) == n + 1 and n > 100
    assert csvsafe.neutralise("=1") == "'=1"


def test_venue_breakdown_suppresses_small_cells(demo_store):
    """Per venue: totals add up where shown, no visible cell below 5, no line with a single hidden cell."""
    with demo_store.session() as s:
        b = svc.breakdown(s, "venue")
    assert b.rows
    for _label, counts in b.rows:
        assert all(c is None or c >= 5 for c in counts)
        assert sum(c is None for c in counts) != 1
    for j in range(len(b.waves)):
        col = [counts[j] for _l, counts in b.rows]
        assert sum(c is None for c in col) != 1
        if None not in col:
            assert sum(col) == b.totals[j]


def test_table_of_code(new_event):
    """A seated participant's table is found from the badge code; unseated gives None."""
    from dialogue_app.models import Assignment, DialogueTable, Person
    from dialogue_app.services import events

    codes = _add_people(new_event, 2)
    with new_event.session() as s:
        e = events.current_event(s)
        t = DialogueTable(event_id=e.id, number=4)
        s.add(t)
        s.flush()
        p = s.query(Person).filter_by(code=codes[0]).one()
        s.add(Assignment(person_id=p.id, table_id=t.id, round=1))
        s.flush()
        assert svc.table_of_code(s, codes[0].lower()) == 4
        assert svc.table_of_code(s, codes[1]) is None


def test_category_breakdown_and_sensitive_refused(demo_store):
    """Forms per age band (code-linked forms only) are suppressed like the others; sensitive dimensions
    are never offered or accepted."""
    with demo_store.session() as s:
        choices = dict(svc.breakdown_choices(s))
        assert "dim:age_band" in choices and "dim:origin" not in choices and "dim:religion" not in choices
        b = svc.breakdown(s, "dim:age_band")
        with pytest.raises(UserInputError):
            svc.breakdown(s, "dim:religion")
    labels = [label for label, _c in b.rows]
    assert labels[-1].startswith("Not known")
    for _label, counts in b.rows:
        assert all(c is None or c >= 5 for c in counts)
        assert sum(c is None for c in counts) != 1
    for j in range(len(b.waves)):
        col = [counts[j] for _l, counts in b.rows]
        assert sum(c is None for c in col) != 1
        if None not in col:
            assert sum(col) == b.totals[j]


def test_answer_breakdown_by_category(demo_store):
    """Answers to "met new people" per age band: totals match the report, small cells hidden."""
    with demo_store.session() as s:
        b = svc.answer_breakdown(s, "met_new_people", "dim:age_band")
        report = svc.survey_report(s)
        with pytest.raises(UserInputError):
            svc.answer_breakdown(s, "met_new_people", "dim:origin")
        with pytest.raises(UserInputError):
            svc.answer_breakdown(s, "no_such_item")
    met = next(r for r in report.items if r.key == "met_new_people")
    assert b.wave == "after" and b.columns == ("Yes", "No")
    assert sum(b.totals) == met.n and b.totals[0] == round(met.share * met.n)
    for _label, counts in b.rows:
        assert all(c is None or c >= 5 for c in counts)
        assert sum(c is None for c in counts) != 1
    for j in range(len(b.columns)):
        col = [counts[j] for _l, counts in b.rows]
        assert sum(c is None for c in col) != 1
