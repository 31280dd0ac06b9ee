"""The survey commands: report --json, readable report, import-survey with its exit codes."""

from __future__ import annotations

import json

from dialogue_app.cli import main


def test_report_json_shape(demo_path, capsys):
    """report --json prints response_rate, match_rate and one entry per closed item with its figures."""
    assert main(["report", str(demo_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"response_rate", "match_rate", "items"} <= set(data)
    assert 0 < data["match_rate"] <= 1
    by_key = {it["key"]: it for it in data["items"]}
    for it in data["items"]:
        assert {"key", "analysis", "n"} <= set(it)
    met = by_key["met_new_people"]
    assert met["analysis"] == "after-share" and met["ci_low"] <= met["share"] <= met["ci_high"]
    yn = by_key["intend_action"]
    assert yn["analysis"] == "paired-yes-no" and {"yes_to_no", "no_to_yes", "p_value", "p_holm"} <= set(yn)
    sc = by_key["trust"]
    assert sc["analysis"] == "paired-scale"
    assert {"statistic", "p_value", "p_holm", "effect_size", "improved", "unchanged", "worsened"} <= set(sc)


def test_report_readable(demo_path, capsys):
    """Without --json the report is a readable summary with the headline share."""
    assert main(["report", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "met residents they had never spoken to before" in out and "Wilcoxon" in out


def test_import_survey_exit_codes(demo_path, tmp_path, capsys):
    """A bad file exits 1 with row/column problems and writes nothing; the template imports."""
    bad = tmp_path / "bad.csv"
    bad.write_text("code;wave;trust\nNOSUCH;before;3\n", encoding="utf-8")
    assert main(["import-survey", str(demo_path), str(bad), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["imported"] == 0 and data["problems"][0]["row"] == 2 and data["problems"][0]["column"] == "code"
    assert main(["report", str(demo_path), "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["respondents"]
    tpl = tmp_path / "t.csv"
    assert main(["export", str(demo_path), "survey-template", "-o", str(tpl)]) == 0
    capsys.readouterr()
    assert main(["import-survey", str(demo_path), str(tpl), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 3
    assert main(["report", str(demo_path), "--json"]) == 0
    after = json.loads(capsys.readouterr().out)["respondents"]
    assert after["before"] == before["before"] + 1
    # importing the same template again is a duplicate: refused as a whole
    assert main(["import-survey", str(demo_path), str(tpl)]) == 1
