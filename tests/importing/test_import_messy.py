"""Real messy registration lists, as a tester brought them: a UTF-8 BOM in front of cp1252
text, Polish/Cyrillic/Turkish/Mac files, mixed UTF-8 and cp1252 lines, category values in
another language, a generic consent column, bad birth dates and typos in the headers."""

from __future__ import annotations

import codecs

import pytest
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.cli import main
from dialogue_app.importing import mapping as M
from dialogue_app.importing import read_table
from dialogue_app.importing.mapping import guess_mapping
from dialogue_app.models import Consent, Dimension
from dialogue_app.services import events, people
from dialogue_app.services.importing import apply, validate


def _dims(s):
    return events.list_dimensions(s)


def _write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _import(store, path, valid_only=True, **kw):
    table = read_table(path)
    with store.session() as s:
        preview = validate(s, table, guess_mapping(table.headers, _dims(s)), **kw)
        result = apply(s, preview, valid_only=valid_only)
    return table, preview, result


def everyone(store):
    with store.reader() as s:
        return {p.full_name: p for p in people.list_people(s)}


def _origin_labels(store):
    with store.reader() as s:
        return [c.label for d in _dims(s) if d.key == "origin" for c in d.categories]


BOM_CP1252 = codecs.BOM_UTF8 + (
    "Voornaam;Achternaam;E-mail;Geboortedatum;Herkomst;Toestemming\r\n"
    "Hélène;Dûpont;helene@example.org;12-03-1985;Nederlands;ja\r\n"
    "Zoë;Ñúñez;zoe@example.org;31-02-1980;Marokkaans;ja\r\n"
    "Hélène;Dûpont;helene@example.org;;;\r\n"
    "Björn;Åberg;bjorn@example.org;gisteren;Néerlandais;ja\r\n"
    "François;Lefèvre;francois@example.org;1990;marocaine;ja\r\n"
).encode("cp1252")


def test_bom_in_front_of_cp1252_keeps_the_first_names(new_event, tmp_path):
    """A BOM before cp1252 text: "Voornaam" is still the first-name column, the accents are right,
    the duplicate is merged with its row number, the bad dates name row, value and formats, and
    "Nederlands"/"Néerlandais"/"Marokkaans"/"marocaine" join the English categories."""
    path = _write(tmp_path, "aanmeldingen.csv", BOM_CP1252)
    table, preview, result = _import(new_event, path)
    assert table.headers[0] == "Voornaam" and table.delimiter == ";"
    assert table.encoding == "cp1252" and table.stray_bom
    errors = {(i.row, i.column): i.message for i in preview.errors}
    assert set(errors) == {(3, "Geboortedatum"), (5, "Geboortedatum")}
    assert "31-02-1980" in errors[(3, "Geboortedatum")] and "could not be read" in errors[(3, "Geboortedatum")]
    assert "gisteren" in errors[(5, "Geboortedatum")] and "12-03-1985" in errors[(5, "Geboortedatum")]
    assert not any("is not an age" in m for m in errors.values())
    assert any(w.row == 4 and "row 2" in w.message for w in preview.warnings)
    ppl = everyone(new_event)
    assert set(ppl) == {"Hélène Dûpont", "François Lefèvre"}
    assert ppl["Hélène Dûpont"].first_name == "Hélène"
    assert ppl["Hélène Dûpont"].values["origin"] == "Dutch"
    assert ppl["François Lefèvre"].values["origin"] == "Moroccan"
    assert result.new_categories == {"origin": ["Dutch", "Moroccan"]}


@pytest.mark.parametrize(("encoding", "first", "last"), [
    ("cp1250", "Łukasz", "Wróbel"),
    ("cp1250", "Małgorzata", "Dąbrowska"),
    ("cp1251", "Дмитрий", "Петров"),
    ("cp1254", "Şükrü", "Yılmaz"),
    ("mac_roman", "Hélène", "Müller"),
])
def test_central_european_cyrillic_turkish_and_mac_files(new_event, tmp_path, encoding, first, last):
    """Files in cp1250, cp1251, cp1254 and Mac Roman keep their letters (not read as cp1252),
    and the check says the encoding was guessed, naming the names to look at."""
    rows = f"First name,Last name\r\n{first},{last}\r\nAnna,Smith\r\n"
    path = _write(tmp_path, "people.csv", rows.encode(encoding))
    table, preview, _result = _import(new_event, path)
    assert table.encoding == encoding and table.encoding_guessed
    assert table.encoding_candidates[0] == encoding
    assert f"{first} {last}" in everyone(new_event)
    notes = [i.message for i in preview.warnings if i.row == 0]
    assert any("guessed" in m and first in m for m in notes)


def test_mixed_utf8_and_cp1252_lines(new_event, tmp_path):
    """A list pasted together from a UTF-8 and a cp1252 source: every line keeps its letters."""
    data = ("Voornaam,Achternaam\r\nŞükrü,Yılmaz\r\n".encode()
            + "Hélène,Dûpont\r\n".encode("cp1252") + "Zoë,Ñúñez\r\n".encode())
    path = _write(tmp_path, "mixed.csv", data)
    table, _preview, _result = _import(new_event, path)
    assert table.encoding == "utf-8+cp1252" and table.encoding_guessed
    assert {"Şükrü Yılmaz", "Hélène Dûpont", "Zoë Ñúñez"} <= set(everyone(new_event))


def test_chosen_encoding_rereads_the_file(tmp_path):
    """read_table(encoding=...) reads the file as the user chose, whatever the guess."""
    path = _write(tmp_path, "p.csv", "Voornaam\r\nMüller\r\n".encode("mac_roman"))
    assert read_table(path, encoding="mac_roman").rows == [["Müller"]]
    assert read_table(path, encoding="cp1252").rows == [["MŸller"]]


def test_values_in_another_language_join_existing_categories(demo_store, tmp_path):
    """In an English event that has "Dutch" and "Moroccan", Dutch and French spellings (any case,
    accents, spacing) are those categories; an unknown value is a new category, listed."""
    before = _origin_labels(demo_store)
    assert {"Dutch", "Moroccan"} <= set(before)
    data = ("Voornaam,Achternaam,Herkomst,Toestemming\r\n"
            "Anouk,Bakker,Nederlands,ja\r\nKarim,Amrani,  MAROKKAANS ,ja\r\n"
            "Luc,Martin,Néerlandais,ja\r\nDilan,Kaya,Koerdisch,ja\r\n").encode()
    path = _write(tmp_path, "p.csv", data)
    _t, preview, _result = _import(demo_store, path)
    assert preview.new_categories == {"origin": ["Koerdisch"]}
    ppl = everyone(demo_store)
    assert ppl["Anouk Bakker"].values["origin"] == "Dutch"
    assert ppl["Karim Amrani"].values["origin"] == "Moroccan"
    assert ppl["Luc Martin"].values["origin"] == "Dutch"
    assert set(_origin_labels(demo_store)) == set(before) | {"Koerdisch"}


def test_generic_consent_covers_only_the_sensitive_columns_of_the_file(new_event, tmp_path):
    """"Toestemming: ja" in a file with an origin column and no religion column records consent
    for origin only, and the check says so."""
    data = b"Naam,Herkomst,Toestemming\r\nAna Silva,Kaapverdisch,ja\r\n"
    path = _write(tmp_path, "p.csv", data)
    _t, preview, result = _import(new_event, path)
    assert result.consents_recorded == 1
    with new_event.reader() as s:
        keys = s.scalars(select(Dimension.key).join(Consent, Consent.dimension_id == Dimension.id)).all()
    assert keys == ["origin"]
    note = next(i for i in preview.warnings if i.row == 0 and i.column == "Toestemming")
    assert "Cultural origin" in note.message and "Religion" not in note.message


def test_consent_scope_never_reaches_a_dimension_without_column(new_event, tmp_path):
    """Even when told the column covers origin and religion, no religion consent is recorded
    without a religion column; a header naming a dimension covers only that one."""
    path = _write(tmp_path, "p.csv", b"Naam,Herkomst,Toestemming\r\nAna Silva,Kaapverdisch,ja\r\n")
    _t, _p, result = _import(new_event, path, consent_scope={2: frozenset({"origin", "religion"})})
    assert result.consents_recorded == 1
    path = _write(tmp_path, "q.csv", (b"Naam,Herkomst,Religie,Toestemming religie\r\n"
                                      b"Bo Berg,Surinaams,Hindoe,ja\r\n"))
    _t, preview, result = _import(new_event, path)
    assert result.consents_recorded == 1
    assert everyone(new_event)["Bo Berg"].values == {"religion": "Hindu"}
    assert any(w.row == 2 and w.column == "Herkomst" and "not stored" in w.message for w in preview.warnings)


def test_header_typos_are_close_matches(new_event):
    """"Emial", "Voornam", " Achternaam " map to their fields, and the near misses are reported."""
    headers = ["Voornam", " Achternaam  ", "Emial", "Schoenmaat"]
    with new_event.reader() as s:
        dims = _dims(s)
        assert list(guess_mapping(headers, dims).values()) == ["first_name", "last_name", "email", None]
        assert M.close_matches(headers, dims) == {0: "first_name", 2: "email"}


def test_cli_reports_the_same_warnings(tmp_path, capsys):
    """``dialogue-app import`` shows the close matches, the guessed encoding, the bad date and
    the duplicate with row numbers."""
    event = tmp_path / "stad.dialogue"
    assert main(["new", str(event), "--title", "Stad"]) == 0
    data = ("Voornam;Achternaam;Emial;Geboortedatum\r\nŞükrü;Yılmaz;s@example.org;31-02-1980\r\n"
            "Ayşe;Kaya;a@example.org;1980\r\nAyşe;Kaya;a@example.org;\r\n").encode("cp1254")
    path = _write(tmp_path, "lijst.csv", data)
    capsys.readouterr()
    code = main(["import", str(event), str(path), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1
    assert "“Emial” is taken as “E-mail” (close match)" in out
    assert "Turkish (Windows-1254)" in out and "Şükrü" in out
    assert "Row 2, Geboortedatum: The date “31-02-1980” could not be read" in out
    assert "Row 4: Likely the same person as row 3" in out


def test_bad_birth_dates_are_reported_as_dates(new_event, tmp_path):
    """"31-02-1980" and "gisteren" in a birth-date column are dates that could not be read (with the
    accepted formats), not "not an age"; the row number is the file's."""
    data = "Voornaam,Achternaam,Geboortedatum\r\nAna,Silva,31-02-1980\r\nBo,Berg,gisteren\r\nCor,Wit,1980\r\n"
    path = _write(tmp_path, "p.csv", data.encode())
    table = read_table(path)
    with new_event.reader() as s:
        preview = validate(s, table, guess_mapping(table.headers, _dims(s)))
    msgs = {i.row: i.message for i in preview.errors}
    assert set(msgs) == {2, 3}
    for row, value in ((2, "31-02-1980"), (3, "gisteren")):
        assert f"The date “{value}” could not be read" in msgs[row]
        assert "12-03-1985" in msgs[row] and "not an age" not in msgs[row]


def test_cli_encoding_option_rereads_the_file(tmp_path, capsys):
    """``--encoding mac_roman`` reads a Mac file the guess gets wrong; no "guessed" warning then."""
    event = tmp_path / "stad.dialogue"
    assert main(["new", str(event), "--title", "Stad"]) == 0
    path = _write(tmp_path, "mac.csv", "First name,Last name\r\nKlaus,Müller\r\n".encode("mac_roman"))
    capsys.readouterr()
    assert main(["import", str(event), str(path), "--encoding", "mac_roman"]) == 0
    out = capsys.readouterr().out
    assert "guessed" not in out
    with storage.open_event_file(event) as store:
        assert "Klaus Müller" in everyone(store)
