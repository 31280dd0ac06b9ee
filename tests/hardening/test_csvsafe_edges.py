"""Class 12 for ``csvsafe``: the edges a weakened neutraliser would get wrong unnoticed.

Each test asserts what a user would see: a formula run when a spreadsheet opens an export,
a cell that comes back changed when our own export is imported again, or a wrong count in
"Wrote N items to …".
"""

from __future__ import annotations

import pytest

from dialogue_app import csvsafe
from dialogue_app.importing.reader import read_table

from .test_formula_safe import dangerous_pieces

# every separator a spreadsheet in some locale splits on, in one cell, then a formula
ALL_SEPARATORS = "a,b;c\td\re\n=1+1"


@pytest.mark.parametrize("value", ["", "'", "=", "+", "-", "@", "\t", "\r", "a", "''", "'x", "x'", "-'"])
def test_short_cells_read_back_unchanged(value, tmp_path):
    """A cell of one or two characters (a lone ``=``, an apostrophe, a tab) survives a round trip
    through an export and the importer exactly as typed: nothing added, nothing lost, no crash."""
    assert csvsafe.unneutralise(csvsafe.neutralise(value)) == value
    out = tmp_path / "short.csv"
    csvsafe.write_csv(out, ["Name", "Other"], [[value, "x"]])
    assert read_table(out).rows[0][0] == value


def test_cell_holding_every_separator_is_still_neutralised():
    """A note that contains a comma, semicolon, tab, carriage return and newline together still
    has its formula neutralised: no separator a spreadsheet might use lets ``=1+1`` run."""
    text = csvsafe.to_string(["Notes"], [[ALL_SEPARATORS]])
    assert dangerous_pieces(text) == [], text
    assert "'=1+1" in csvsafe.neutralise(ALL_SEPARATORS)
    assert csvsafe.unneutralise(csvsafe.neutralise(ALL_SEPARATORS)) == ALL_SEPARATORS


@pytest.mark.parametrize("n_rows", [0, 1, 3])
def test_write_csv_counts_the_rows_it_wrote(n_rows, tmp_path):
    """The number in "Wrote N items to …" is the number of data rows in the file (the header
    is not counted), also for an empty export."""
    out = tmp_path / "rows.csv"
    n = csvsafe.write_csv(out, ["Name"], ([f"person {i}"] for i in range(n_rows)))
    assert n == n_rows
    assert len(read_table(out).rows) == n_rows


def test_file_opens_in_excel_with_accents(tmp_path):
    """The file starts with a UTF-8 byte-order mark (Excel then shows ``é`` rather than ``Ã©``),
    rows end in CRLF, and a header formula is neutralised in the file itself."""
    out = tmp_path / "bom.csv"
    csvsafe.write_csv(out, ["=Né"], [["José"]])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf'=N\xc3\xa9\r\n")
    assert raw.endswith("José\r\n".encode())
