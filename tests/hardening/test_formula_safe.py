"""Class 8: formula-safe CSV in every locale.

A spreadsheet in a Dutch or French locale opens a CSV with ``;`` as separator,
pasted text splits at tabs, and a cell whose quotes do not start a field is split
at the separator regardless. Each check here splits the written file the way the
most naive of these readers would (at every separator, ignoring quotes) and asserts
that no piece a spreadsheet could see as a cell starts with ``= + - @`` / tab / CR,
except phone-like numbers (digits, spaces, parentheses, dashes) that stay readable.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from dialogue_app import csvsafe, exports
from dialogue_app.importing.reader import read_table
from dialogue_app.models import Dimension, Person
from dialogue_app.models.facilitation import Commitment

ATTACKS = [
    "x;=2*3", "a,=1+1", "a\t=1", "note;+HYPERLINK(\"http://x\")", "a;-2+3", "a;@SUM(1)", "a; =1",
    "a;\"=1", "line\n=1+1", "line\r\n@x", "=cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\t=1", "\r=1",
    "+1+cmd", "a;\t=1",
]
PHONE = "+31 6 12345678"
_PHONE_LIKE = re.compile(r"[+-][0-9 ()\-]*[0-9][0-9 ()\-]*")


def dangerous_pieces(text: str) -> list[str]:
    """Every piece of ``text`` that some spreadsheet in some locale could take as a cell and run."""
    out = []
    for line in re.split(r"\r\n|\r|\n", text):
        for sep in (",", ";", "\t"):
            for piece in line.split(sep):
                bare = piece.lstrip(" \"")
                if bare.startswith(csvsafe.FORMULA_START) and not _PHONE_LIKE.fullmatch(bare.rstrip("\"")):
                    out.append(piece)
    # a cell with an inner tab/CR (quoted by the writer): what follows inside the cell
    for sep in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
            out += [c for c in row if c.startswith(csvsafe.FORMULA_START) and not _PHONE_LIKE.fullmatch(c)]
    return out


@pytest.mark.parametrize("value", ATTACKS)
def test_no_cell_starts_a_formula_in_any_locale(value):
    """A value with a formula after a `;`, `,`, tab or newline is neutralised for every separator,
    and it reads back unchanged through the importer's unneutralise."""
    text = csvsafe.to_string(["Name"], [[value]])
    assert dangerous_pieces(text) == [], text
    assert csvsafe.unneutralise(csvsafe.neutralise(value)) == value


def test_header_cells_are_neutralised(tmp_path):
    """Header cells get the same treatment as data cells."""
    out = tmp_path / "h.csv"
    csvsafe.write_csv(out, ["=1+1", "-x", "a;@y", "\tz", "\rw"], [["1", "2", "3", "4", "5"]])
    text = out.read_text(encoding="utf-8-sig")
    assert dangerous_pieces(text) == [], text
    assert read_table(out).headers == ["=1+1", "-x", "a;@y", "\tz", "\rw"]


@pytest.mark.parametrize("value", ["-", "+", "=", "@", "-x", "+x", "\t", "\r"])
def test_each_formula_character_is_neutralised(value):
    """Every formula start character on its own or before a letter gets the apostrophe."""
    assert csvsafe.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["+31 6 12345678", "+32 (0)2 123-45-67", "-5", "-12 34"])
def test_phone_numbers_stay_readable(value):
    """International phone numbers (digits, spaces, parentheses, dashes) are written as is."""
    assert csvsafe.neutralise(value) == value
    assert csvsafe.to_string(["Phone"], [[value]]).splitlines()[1] == value


@pytest.mark.parametrize("value", ["+31 6 1234 A1", "+31;=1", "-5|cmd", "+1*2"])
def test_phone_lookalikes_with_anything_else_are_neutralised(value):
    """A number with anything beyond digits, spaces, parentheses and dashes is not a phone number."""
    assert csvsafe.neutralise(value).startswith("'")


def _poison(store) -> None:
    with store.session() as s:
        people = list(s.scalars(select(Person).order_by(Person.code)))
        for p, attack in zip(people, ATTACKS, strict=False):
            p.first_name, p.last_name, p.notes, p.needs = attack, attack, attack, attack
        people[0].phone = PHONE
        for c, attack in zip(s.scalars(select(Commitment)), ATTACKS, strict=False):
            c.text = attack
        for d in s.scalars(select(Dimension)):
            d.name = "Dim;=1+" + d.key


@pytest.mark.parametrize("kind", [s.kind for s in exports.EXPORTS if s.fmt == "csv"])
def test_every_csv_export_is_formula_safe_in_every_locale(kind, demo_store, tmp_path):
    """Each CSV export, with names, notes, needs, commitments and dimension names that hold
    formulas after separators, has no cell that a spreadsheet in any locale would run."""
    _poison(demo_store)
    out = tmp_path / f"{kind}.csv"
    exports.run_export(demo_store, kind, out)
    text = out.read_text(encoding="utf-8-sig")
    assert dangerous_pieces(text) == []
    if kind == "people-csv":
        assert PHONE in text  # readable, not '+31…
        assert "x;'=2*3" in text
