"""Table packages for a real evening: every table's package in one go (CLI and domain), a cancelled run
leaves nothing, and two people of one first name stay distinguishable in a package without contacts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.cli import main
from dialogue_app.errors import Cancelled
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
from dialogue_app.services.offline.merge import merge_packages
from dialogue_app.services.offline.package import make_package, packable_tables, package_info


def _numbers(path: Path) -> list[int]:
    store = storage.open_event_file(path, read_only=True)
    try:
        with store.session() as s:
            return [t.number for t in packable_tables(s)]
    finally:
        store.close()


def test_cli_package_all_writes_one_package_per_table_into_a_folder(seated_path, tmp_path, capsys):
    """`dialogue-app package FILE --all -o FOLDER` makes a package for every table in one go, each named
    after its table and holding just that table."""
    numbers = _numbers(seated_path)
    folder = tmp_path / "packages"
    assert main(["package", str(seated_path), "--all", "-o", str(folder), "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert [w["tables"] for w in written] == [[n] for n in numbers]
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"organiser – table {n:02d}.dialogue" for n in numbers]
    for n in numbers:
        pkg = storage.open_event_file(folder / f"organiser – table {n:02d}.dialogue", read_only=True)
        with pkg.session() as s:
            assert package_info(s).table_numbers == str(n)
            assert [t.number for t in s.scalars(select(DialogueTable))] == [n]
        pkg.close()
    assert main(["package", str(seated_path), "--each", "--table", "2", "--table", "3", "-o",
                 str(tmp_path / "two")]) == 0
    assert "2 packages" in capsys.readouterr().out
    assert len(list((tmp_path / "two").iterdir())) == 2


def test_cancelled_packages_leave_no_file(seated_path, tmp_path):
    """Cancelling after the second package leaves the folder without any package or temporary folder."""
    from dialogue_app.services.offline.package import make_packages

    store = storage.open_event_file(seated_path, read_only=True)
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    folder = tmp_path / "packages"
    with pytest.raises(Cancelled):
        make_packages(store, _numbers(seated_path), folder, should_stop=stop)
    store.close()
    assert not list(folder.iterdir())


def _two_jessicas(path: Path) -> tuple[str, str]:
    """Seat Jessica Rietveld and Jessica Smit (and Jessica Smits) at table 1 of the organiser's file."""
    from dialogue_app.services.events import current_event

    store = storage.open_event_file(path)
    with store.session() as s:
        e = current_event(s)
        t = s.scalars(select(DialogueTable).where(DialogueTable.number == 1)).one()
        for code, last in (("JESS00001", "Rietveld"), ("JESS00002", "Smit"), ("JESS00003", "Smits")):
            p = Person(event_id=e.id, code=code, first_name="Jessica", last_name=last)
            p.roles = [PersonRole(role="participant")]
            s.add(p)
            s.flush()
            s.add(Assignment(person_id=p.id, table_id=t.id, round=1))
    store.close()
    return "Jessica R.", "Jessica Smit"


def test_people_of_one_first_name_stay_distinct_in_a_package(seated_path, tmp_path):
    """Three Jessicas at table 1: in a package without contact details the facilitation screen and the
    facilitator guide still say "Jessica R.", "Jessica Smit" and "Jessica Smits" (the same names as in
    the organiser's file), nobody else's last name travels, and merging back changes no last name."""
    from pypdf import PdfReader

    from dialogue_app import exports
    from dialogue_app.services.facilitation import guide_data, load_session

    _two_jessicas(seated_path)
    org = storage.open_event_file(seated_path, read_only=True)
    with org.session() as s:
        at_home = sorted(n for n in guide_data(s, 1).first_names if n.startswith("Jessica"))
    result = make_package(org, [1], tmp_path / "t1.dialogue")
    org.close()
    assert at_home == ["Jessica R.", "Jessica Smit", "Jessica Smits"]

    pkg = storage.open_event_file(result.path)
    with pkg.session() as s:
        t = s.scalars(select(DialogueTable)).one()
        seats = [x.first_name for x in load_session(s, t.id).seats]
        assert sorted(n for n in seats if n.startswith("Jessica")) == at_home
        lasts = {p.code: p.last_name for p in s.scalars(select(Person))}
        assert lasts.pop("JESS00001") == "R." and "Rietveld" not in lasts.values()
        assert {c: v for c, v in lasts.items() if not c.startswith("JESS")} == dict.fromkeys(
            [c for c in lasts if not c.startswith("JESS")], "")
    out = tmp_path / "guide.pdf"
    exports.run_export(pkg, "facilitator-guide", out, exports.ExportOptions())
    text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Jessica R." in text and "Jessica Smits" in text
    pkg.close()

    org = storage.open_event_file(seated_path)
    report = merge_packages(org, [result.path])
    with org.session() as s:
        assert sorted(s.scalars(select(Person.last_name).where(Person.code.like("JESS%")))) == [
            "Rietveld", "Smit", "Smits"]
    org.close()
    assert not report.conflicts and report.by_table.get("person", {}).get("updated", 0) == 0
