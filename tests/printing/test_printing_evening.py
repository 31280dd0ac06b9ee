"""Printing the night before for a real evening: badges in name order for a pick-up desk, one PDF of
table cards per table (17 tables), default file names in the user's language."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from dialogue_app import exports, i18n, storage
from dialogue_app.errors import UserInputError
from dialogue_app.services.printing import collect
from tests.printing.conftest import seat_everyone

# last names whose order a plain code-point sort gets wrong ("Ö" and "Ç" after "Z", "van" before "Z")
DIACRITIC_PEOPLE = (("SORT00001", "Emre", "Özdemir"), ("SORT00002", "Anna", "Oosterhuis"),
                    ("SORT00003", "Ayşe", "Çelik"), ("SORT00004", "David", "Cohen"),
                    ("SORT00005", "Zoë", "Zeller"), ("SORT00006", "Élodie", "Dubois"),
                    ("SORT00007", "Łukasz", "Łapiński"), ("SORT00008", "Lena", "Lange"))


@pytest.fixture(scope="module")
def evening_template(demo_template, tmp_path_factory) -> Path:
    """A 120-participant demo (17 tables), everyone seated, plus names with diacritics at table 1."""
    from dialogue_app.models import Assignment, Person, PersonRole
    from dialogue_app.services import demo
    from dialogue_app.services.events import current_event

    target = tmp_path_factory.mktemp("evening") / "evening.dialogue"
    demo.create_demo_file(target, participants=120, seed=5, lang="en")
    store = storage.open_event_file(target)
    try:
        seat_everyone(store)
        with store.session() as s:
            e = current_event(s)
            t = min(e.tables, key=lambda t: t.number)
            for code, first, last in DIACRITIC_PEOPLE:
                p = Person(event_id=e.id, code=code, first_name=first, last_name=last)
                p.roles = [PersonRole(role="participant")]
                s.add(p)
                s.flush()
                s.add(Assignment(person_id=p.id, table_id=t.id, round=1))
    finally:
        store.close()
    return target


@pytest.fixture
def evening(evening_template, tmp_path):
    dest = tmp_path / "evening.dialogue"
    shutil.copyfile(evening_template, dest)
    store = storage.open_event_file(dest)
    yield store
    store.close()


def _codes_per_page(path: Path, codes: set[str]) -> list[str]:
    out = []
    for page in PdfReader(str(path)).pages:
        found = [c for c in re.findall(r"\b[0-9A-Z]{6,9}\b", page.extract_text() or "") if c in codes]
        assert len(found) == 1
        out.append(found[0])
    return out


def test_badges_in_name_order_are_sorted_by_last_then_first_name(evening, tmp_path):
    """Single badges ordered by name: reading the PDF back page by page gives the names sorted by last
    name, then first name, with diacritics next to their base letter (Özdemir between Oosterhuis and
    the Ps, Çelik before Cohen, Łapiński between Lange and Zeller); by table they are not in that order."""
    with evening.session() as s:
        people = {b.code: (b.first_name, b.last_name) for b in collect.collect_badges(s)}
    out = tmp_path / "badges.pdf"
    n = exports.run_export(evening, "badges", out, exports.ExportOptions(extra={"layout": "single", "order": "name"}))
    order = _codes_per_page(out, set(people))
    assert n == len(order) == len(people)
    names = [people[c] for c in order]
    text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    for _code, first, last in DIACRITIC_PEOPLE:
        assert first in text and last in text
    assert names == sorted(names, key=lambda fl: collect.name_order_key(*fl))
    lasts = [last for _first, last in names]
    assert lasts.index("Çelik") < lasts.index("Cohen") < lasts.index("Dubois")
    assert lasts.index("Oosterhuis") < lasts.index("Özdemir") < lasts.index("Zeller")
    assert lasts.index("Lange") < lasts.index("Łapiński") < lasts.index("Zeller")

    by_table = tmp_path / "by-table.pdf"
    exports.run_export(evening, "badges", by_table, exports.ExportOptions(extra={"layout": "single"}))
    table_names = [people[c] for c in _codes_per_page(by_table, set(people))]
    assert table_names != names and sorted(table_names, key=lambda fl: collect.name_order_key(*fl)) == names


def test_unknown_badge_order_is_refused(evening, tmp_path):
    """A badge order other than table or name is a clear user error and writes nothing."""
    with pytest.raises(UserInputError, match="badge order"):
        exports.run_export(evening, "badges", tmp_path / "b.pdf", exports.ExportOptions(extra={"order": "age"}))
    assert not (tmp_path / "b.pdf").exists()


def test_table_cards_one_pdf_per_table_in_dutch(evening, tmp_path):
    """One PDF per table: 17 files named in the document language ("Tafelkaart tafel 03.pdf"), each with
    the table tent and one name tent per participant of that table; nothing else is left in the folder."""
    with evening.session() as s:
        tables = collect.collect_tables(s)
    assert len(tables) == 17
    folder = tmp_path / "kaarten"
    pages = exports.run_export(evening, "table-cards", folder,
                               exports.ExportOptions(lang="nl", extra={"split": "table"}))
    files = sorted(p.name for p in folder.iterdir())
    assert files == [f"Tafelkaart tafel {t.number:02d}.pdf" for t in tables]
    total = 0
    for t in tables:
        reader = PdfReader(str(folder / f"Tafelkaart tafel {t.number:02d}.pdf"))
        assert len(reader.pages) == 1 + len(t.first_names)
        assert f"Tafel {t.number}" in reader.pages[0].extract_text()
        total += len(reader.pages)
    assert pages == total == sum(1 + len(t.first_names) for t in tables)


def test_table_cards_per_table_from_the_command_line(evening, tmp_path, capsys):
    """`dialogue-app print FILE table-cards --per-table -o FOLDER` writes one English-named PDF per table;
    `--order name` orders the badges by name."""
    from dialogue_app.cli import main

    with evening.session() as s:
        first_by_name = collect.collect_badges(s, order="name")[0].code
    path = evening.path
    evening.close()
    folder = tmp_path / "cards"
    assert main(["print", str(path), "table-cards", "--per-table", "--table", "3", "--table", "12",
                 "-o", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["Table card table 03.pdf", "Table card table 12.pdf"]
    assert "2 PDFs" in capsys.readouterr().out
    out = tmp_path / "badges.pdf"
    assert main(["print", str(path), "badges", "--order", "name", "--layout", "single", "-o", str(out)]) == 0
    assert first_by_name in PdfReader(str(out)).pages[0].extract_text()


def test_cancelled_per_table_cards_leave_no_files(evening, tmp_path):
    """Cancelling halfway through the per-table PDFs leaves the folder without any PDF or temporary folder."""
    from dialogue_app.errors import Cancelled

    folder = tmp_path / "cards"
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 30

    with pytest.raises(Cancelled):
        exports.run_export(evening, "table-cards", folder, exports.ExportOptions(extra={"split": "table"}),
                           should_stop=stop)
    assert not folder.exists() or not list(folder.iterdir())


def test_default_file_names_are_words_in_the_users_language():
    """Default file names are translated words, never the internal keys: "Naambadges.pdf" in Dutch."""
    with i18n.language("nl"):
        names = {s.kind: s.default_file_name() for s in exports.EXPORTS}
        labels = {s.kind: s.label() for s in exports.EXPORTS}
    assert names["badges"] == "Naambadges.pdf"
    assert names["table-cards"] == "Tafelkaarten.pdf"
    assert names["people-csv"] == "Lijst van mensen.csv"
    assert labels["people-csv"] == "Lijst van mensen (CSV)"
    for kind, name in names.items():
        assert name.rsplit(".", 1)[0] != kind and labels[kind] != kind
        assert "-" not in kind or kind not in name + labels[kind]
    with i18n.language("en"):
        assert exports.spec("badges").default_file_name() == "Name badges.pdf"
