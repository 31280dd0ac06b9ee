"""Reading CSV and XLSX registration lists: encodings, delimiters, quoting, bad files."""

from __future__ import annotations

import codecs
import csv
import io
import re

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dialogue_app import csvsafe
from dialogue_app.errors import ImportRejected, UserInputError
from dialogue_app.importing import read_table
from dialogue_app.importing.csvtext import parse_csv_text
from dialogue_app.importing.encodings import decode

ROWS = [
    ["Voornaam", "Achternaam", "Geslacht", "Wijk"],
    ["Hélène", "Dûpont", "Vrouw", "Crooswijk"],
    ["François", "van der Meer", "man", "Noord"],
]


def test_cp1252_with_semicolons(write_csv):
    """A Dutch-Excel CSV (cp1252, ``;``) keeps its accents and columns."""
    path = write_csv(ROWS, encoding="cp1252", delimiter=";")
    t = read_table(path)
    assert t.encoding == "cp1252" and t.delimiter == ";"
    assert t.headers == ROWS[0]
    assert t.rows == ROWS[1:]
    assert t.row_numbers == [2, 3]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-8-sig", "utf-8"])
def test_unicode_encodings(write_csv, tmp_path, encoding):
    """UTF-16 (both byte orders, with BOM) and UTF-8 with or without BOM read the same."""
    rows = [*ROWS, ["يوسف", "Łęcki", "x", "中山"]]
    text = "".join(",".join(r) + "\r\n" for r in rows)
    if encoding == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    path = tmp_path / "p.csv"
    path.write_bytes(data)
    t = read_table(path)
    assert t.headers == rows[0]
    assert t.rows == rows[1:]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16(tmp_path, codec):
    """UTF-16 without a BOM is recognised from its NUL bytes (Latin text)."""
    path = tmp_path / "p.csv"
    path.write_bytes("\t".join(ROWS[0]).encode(codec) + b"" + "\r\n".encode(codec)
                     + "\t".join(ROWS[1]).encode(codec))
    t = read_table(path)
    assert t.encoding == codec and t.delimiter == "\t"
    assert t.rows == [ROWS[1]]


def test_bom_is_not_part_of_first_header(write_csv):
    """The UTF-8 BOM does not stick to the first header (it would break the mapping)."""
    t = read_table(write_csv(ROWS, encoding="utf-8-sig"))
    assert t.headers[0] == "Voornaam"


def test_newlines_and_delimiters_in_quoted_fields(tmp_path):
    """Quoted cells keep newlines, delimiters and quotes; row numbers count records."""
    text = 'Name;Needs;Wijk\r\n"Ana Silva";"Hearing loop;\r\nfront row, please";"Noord"\r\nBo;"say ""hi""";Zuid\r\n'
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    t = read_table(path)
    assert t.delimiter == ";"
    assert t.rows[0] == ["Ana Silva", "Hearing loop;\r\nfront row, please", "Noord"]
    assert t.rows[1] == ["Bo", 'say "hi"', "Zuid"]
    assert t.row_numbers == [2, 3]


def test_blank_lines_are_skipped_but_counted(tmp_path):
    """Blank lines are not rows, but the row numbers stay those the user sees."""
    path = tmp_path / "p.csv"
    path.write_text("Name,Age\n\nAna,30\n,\nBo,40\n", encoding="utf-8")
    t = read_table(path)
    assert t.rows == [["Ana", "30"], ["Bo", "40"]]
    assert t.row_numbers == [3, 5]


def test_formula_safe_cells_read_back(tmp_path):
    """Cells neutralised by csvsafe ('=1+1) come back as they were written."""
    path = tmp_path / "p.csv"
    csvsafe.write_csv(path, ["Name", "Notes"], [["=HYPERLINK(x)", "+31 6 1234"], ["@home", "-5"]])
    t = read_table(path)
    assert t.rows == [["=HYPERLINK(x)", "+31 6 1234"], ["@home", "-5"]]


def test_xlsx_first_and_named_sheet(tmp_path):
    """XLSX: the first sheet by default, another by name; numbers become plain text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Inschrijvingen"
    ws.append(["Naam", "Leeftijd", "E-mail"])
    ws.append(["Ana Silva", 34, "ana@example.org"])
    ws.append([None, None, None])
    ws.append(["Bo Jansen", 71.0, None])
    other = wb.create_sheet("Vrijwilligers")
    other.append(["Nome", "Idade"])
    other.append(["João Lopes", 52])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    t = read_table(path)
    assert t.encoding == "xlsx"
    assert t.headers == ["Naam", "Leeftijd", "E-mail"]
    assert t.rows == [["Ana Silva", "34", "ana@example.org"], ["Bo Jansen", "71", ""]]
    assert t.row_numbers == [2, 4]
    t2 = read_table(path, sheet="Vrijwilligers")
    assert t2.rows == [["João Lopes", "52"]]
    with pytest.raises(UserInputError, match="Vrijwilligers"):
        read_table(path, sheet="Nope")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \r\n\r\n", "empty"),
        (b",,,\r\n,,\r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "binary"),
        (b"SQLite format 3\x00" + bytes(range(256)) * 4, "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
        (b"PK\x03\x04garbage that is not a zip", "not a readable Excel"),
    ],
)
def test_bad_files_are_rejected_clearly(tmp_path, content, message):
    """Empty, binary, old .xls and broken .xlsx files give one clear message."""
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRejected, match=message):
        read_table(path)


def test_missing_file_and_folder(tmp_path):
    """A missing file or a folder is a user mistake, not a crash."""
    with pytest.raises(UserInputError, match="does not exist"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(UserInputError, match="folder"):
        read_table(tmp_path)


def test_ragged_rows_are_padded(tmp_path):
    """Short rows are padded to the header's width."""
    path = tmp_path / "p.csv"
    path.write_text("Name,Age,Wijk\nAna,30\nBo,40,Noord\n", encoding="utf-8")
    assert read_table(path).rows == [["Ana", "30", ""], ["Bo", "40", "Noord"]]


def test_decode_prefers_utf8_over_cp1252():
    """Valid UTF-8 is read as UTF-8; bytes that are not are cp1252."""
    assert decode("Zoë".encode())[1] == "utf-8"
    assert decode("Zoë".encode("cp1252")) == ("Zoë", "cp1252")


# ---------------------------------------------------------------- property-based

_HEADER = st.text(alphabet=st.characters(categories=("L", "N"), include_characters=" -é"), min_size=1,
                  max_size=12).filter(lambda s: s.strip() == s and s)
_CELL = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(",;\t\"'\r\n =+-@ éàçøßñ")),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    ),
    max_size=20,
)


@st.composite
def tables(draw):
    width = draw(st.integers(min_value=2, max_value=5))
    header = draw(st.lists(_HEADER, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), min_size=1, max_size=6))
    rows = [r for r in rows if any(c.strip() for c in r)]
    assume(rows)
    # csvsafe cannot tell a written "'=x" from a neutralised "=x": such cells are not round-trippable
    assume(not any(len(c) > 1 and c[0] == "'" and c[1] in "=+-@\t\r" for r in rows for c in r))
    # ...nor, inside a cell, "';=x" after a separator from one neutralised there (csvsafe, class 8)
    assume(not any(re.search(r"[,;\t\r\n]'[ \"]*[=+\-@\t\r]", c) for r in rows for c in r))
    return header, rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(table=tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_table_reads_back_identically(tmp_path_factory, table, encoding, delimiter):
    """Any table of text cells (quotes, delimiters, newlines, accents, other scripts, leading
    = + - @) written formula-safe in a supported encoding and delimiter reads back identically."""
    header, rows = table
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow([csvsafe.neutralise(h) for h in header])
    for r in rows:
        w.writerow([csvsafe.neutralise(c) for c in r])
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    if encoding == "cp1252":
        # bytes that are also valid UTF-8 are read as UTF-8: an inherent ambiguity, not tested here
        try:
            data.decode("utf-8")
            assume(data.isascii())
        except UnicodeDecodeError:
            pass
    path = tmp_path_factory.mktemp("prop") / "t.csv"
    path.write_bytes(data)
    t = read_table(path)
    assert t.headers == header
    assert t.rows == rows
    assert t.delimiter == delimiter


def test_parse_csv_text_single_column():
    """A one-column list (just names) reads as one column."""
    t = parse_csv_text("Name\r\nAna Silva\r\nBo, the Builder\r\n", "x.csv")
    assert t.headers == ["Name"]
    assert t.rows == [["Ana Silva"], ["Bo, the Builder"]]


def test_excel_sep_hint(tmp_path):
    """An Excel "sep=;" first line sets the delimiter and is not the header."""
    path = tmp_path / "p.csv"
    path.write_text("sep=;\r\nNaam;Wijk\r\nAna, de Wit;Noord\r\n", encoding="utf-8")
    t = read_table(path)
    assert t.headers == ["Naam", "Wijk"] and t.rows == [["Ana, de Wit", "Noord"]]
    assert t.row_numbers == [3]
