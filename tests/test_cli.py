"""The dialogue-app command line: new, info, tables, demo; user mistakes give one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dialogue_app.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_new_then_info_json(tmp_path, capsys):
    """`new` creates an event with the seven default dimensions; `info --json` shows them."""
    path = tmp_path / "city.dialogue"
    code, out, err = run(capsys, "new", str(path), "--title", "Dag van de Dialoog", "--theme", "Samen",
                         "--table-size", "5-7", "--language", "nl")
    assert code == 0, err
    code, out, err = run(capsys, "info", str(path), "--json")
    assert code == 0
    info = json.loads(out)
    assert info["title"] == "Dag van de Dialoog"
    assert info["language"] == "nl"
    assert info["table_size"] == {"min": 5, "target": 6, "max": 7}
    keys = [d["key"] for d in info["dimensions"]]
    assert keys == ["age_band", "gender", "origin", "religion", "education", "neighbourhood", "organisation"]
    sensitive = {d["key"] for d in info["dimensions"] if d["sensitive"]}
    assert sensitive == {"origin", "religion"}
    # the event language names the dimensions
    assert info["dimensions"][0]["name"] != "Age band"


def test_tables_add(tmp_path, capsys):
    """`tables --add` numbers new tables after existing ones, with capacity and venue."""
    path = tmp_path / "e.dialogue"
    run(capsys, "new", str(path), "--title", "T")
    assert run(capsys, "tables", str(path), "--add", "3", "--capacity", "5-7", "--venue", "Library",
               "--accessible")[0] == 0
    assert run(capsys, "tables", str(path), "--add", "2")[0] == 0
    info = json.loads(run(capsys, "info", str(path), "--json")[1])
    assert info["tables"] == {"count": 5, "seats_min": 3 * 5 + 2 * 6, "seats_max": 3 * 7 + 2 * 8}
    assert info["venues"] == 1


def test_demo_no_gui_then_info_shows_full_event(tmp_path, capsys):
    """`demo FILE --no-gui` writes people of every role, tables, venues and dimension values."""
    path = tmp_path / "demo.dialogue"
    assert run(capsys, "demo", str(path), "--participants", "50", "--seed", "7", "--no-gui")[0] == 0
    info = json.loads(run(capsys, "info", str(path), "--json")[1])
    roles = info["people"]["by_role"]
    assert roles["participant"] == 50 and roles["facilitator"] >= 7 and roles["host"] >= 1
    assert info["tables"]["count"] >= 7 and info["venues"] >= 1
    assert len(info["dimensions"][2]["categories"]) >= 3  # origins gained from the demo


def test_demo_default_location_is_the_data_dir(isolated_data_dir, capsys):
    """Without FILE the demo goes to the data directory (here the test's override)."""
    assert run(capsys, "demo", "--participants", "10", "--no-gui")[0] == 0
    assert (isolated_data_dir / "events" / "demo.dialogue").exists()


@pytest.mark.parametrize(
    "args, needle",
    [
        (["info", "{tmp}/missing.dialogue"], "does not exist"),
        (["tables", "{tmp}/e.dialogue", "--add", "0"], "between 1 and 1000"),
        (["tables", "{tmp}/e.dialogue", "--add", "2", "--capacity", "eight"], "must look like"),
        (["new", "{tmp}/e.dialogue", "--title", "Again"], "already exists"),
        (["new", "{tmp}/f.dialogue", "--title", "X", "--table-size", "9-3"], "larger than the maximum"),
        (["new", "{tmp}/g.dialogue", "--title", "X", "--language", "xx"], "Unknown language"),
        (["new", "{tmp}/h.dialogue", "--title", "X", "--date", "5 Nov"], "--date"),
        (["demo", "{tmp}/d.dialogue", "--participants", "0", "--no-gui"], "between 1 and"),
    ],
)
def test_user_mistakes_are_one_clear_line(tmp_path, capsys, args, needle):
    """Each mistake: non-zero exit, a message naming the problem, no traceback, file unchanged."""
    base = tmp_path / "e.dialogue"
    run(capsys, "new", str(base), "--title", "Base")
    before = base.read_bytes()
    code, _out, err = run(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert code != 0
    assert needle in err
    assert "Traceback" not in err
    assert base.read_bytes() == before


def test_bad_option_exits_2_without_traceback(tmp_path):
    """argparse errors come as one line plus a hint, from a real process."""
    out = subprocess.run([sys.executable, "-m", "dialogue_app", "info"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "--help" in out.stderr


def test_info_on_text_file(tmp_path, capsys):
    """A text file named .dialogue is refused clearly."""
    p = tmp_path / "notes.dialogue"
    p.write_text("shopping list\n" * 20)
    code, _out, err = run(capsys, "info", str(p))
    assert code != 0 and "not an event file" in err


def test_gui_without_a_screen_is_a_clear_message(tmp_path, capsys, monkeypatch):
    """`demo` without a display writes the file, then says why no window opens (no Qt abort)."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    code, _out, err = run(capsys, "demo", str(tmp_path / "d.dialogue"), "--participants", "8")
    assert code != 0 and "No screen was found" in err
    assert (tmp_path / "d.dialogue").exists()


def test_missing_x11_libraries_are_named_before_qt_aborts(tmp_path, capsys, monkeypatch):
    """On X11 without a library Qt's xcb plugin needs, `open` names the package to install
    (Qt itself would abort with "reinstalling the application may fix this")."""
    from dialogue_app.cli import gui

    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setitem(gui.XCB_LIBRARIES, "dialogue-app-no-such-library", "libno-such-library0")
    path = tmp_path / "e.dialogue"
    assert run(capsys, "new", str(path), "--title", "Day")[0] == 0
    code, _out, err = run(capsys, "open", str(path))
    assert code != 0 and "sudo apt-get install" in err and "libno-such-library0" in err
    assert "libxcb-cursor0" not in gui.missing_xcb_packages(lambda lib: "/usr/lib/lib" + lib + ".so")


def test_demo_never_replaces_an_existing_file_unasked(tmp_path, capsys):
    """`demo FILE` on an existing event refuses and leaves it alone; --force replaces it."""
    path = tmp_path / "real.dialogue"
    run(capsys, "new", str(path), "--title", "Our real event")
    before = path.read_bytes()
    code, _out, err = run(capsys, "demo", str(path), "--participants", "8", "--no-gui")
    assert code != 0 and "already exists" in err
    assert path.read_bytes() == before
    assert run(capsys, "demo", str(path), "--participants", "8", "--no-gui", "--force")[0] == 0


def _subcommands():
    import argparse

    from dialogue_app.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices


def test_every_argument_of_every_command_is_explained():
    """`dialogue-app COMMAND --help` says what each argument and option is for."""
    unexplained = [
        f"{name} {action.option_strings[0] if action.option_strings else action.dest}"
        for name, parser in _subcommands().items()
        for action in parser._actions
        if not action.help
    ]
    assert unexplained == []


def test_help_and_argument_errors_are_in_the_interface_language(capsys):
    """`--lang nl plan --help` explains the options in Dutch, argparse's own words included;
    a missing argument is reported in French with `--lang fr`."""
    with pytest.raises(SystemExit):
        main(["--lang", "nl", "plan", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("gebruik: dialogue-app plan")
    assert "opties:" in out and "deze hulptekst tonen en stoppen" in out
    assert "het evenementbestand (.dialogue)" in out and "het resultaat als JSON tonen" in out
    assert "dezelfde waarde geeft hetzelfde resultaat (standaard 0)" in out
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "fr", "plan"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "ces arguments sont obligatoires : FICHIER" in err


def test_a_negative_seed_is_a_usage_error_not_a_crash(tmp_path, capsys):
    """`plan --seed -5` says what a seed is (exit 2) instead of failing inside the planner."""
    path = tmp_path / "d.dialogue"
    assert run(capsys, "demo", str(path), "--participants", "20", "--no-gui")[0] == 0
    with pytest.raises(SystemExit) as exit_info:
        main(["plan", str(path), "--seed", "-5"])
    assert exit_info.value.code == 2
    assert "a seed is a whole number from 0 upwards" in capsys.readouterr().err


def test_printing_a_table_the_event_does_not_have_writes_nothing(tmp_path, capsys):
    """`print FILE badges --table 999` names the missing table and writes no empty PDF."""
    path = tmp_path / "d.dialogue"
    assert run(capsys, "demo", str(path), "--participants", "20", "--no-gui")[0] == 0
    out = tmp_path / "badges.pdf"
    code, _out, err = run(capsys, "print", str(path), "badges", "-o", str(out), "--table", "1", "--table", "999")
    assert code != 0 and "There is no table 999." in err
    assert not out.exists()


def test_help_starts_without_the_database_the_planner_the_pdf_library_or_qt(tmp_path):
    """`dialogue-app --help` answers at once: it imports neither SQLAlchemy, NumPy, reportlab nor
    PySide6 (before, it imported every service and took over a second)."""
    probe = ("import runpy, sys\n"
             "sys.argv = ['dialogue-app', '--help']\n"
             "try:\n    runpy.run_module('dialogue_app', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "heavy = ('sqlalchemy', 'numpy', 'reportlab', 'PySide6')\n"
             "print('IMPORTED', sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env={**os.environ, "DIALOGUE_APP_DATA_DIR": str(tmp_path),
                               "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert "dialogue-app" in done.stdout and "COMMAND" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "IMPORTED []"
