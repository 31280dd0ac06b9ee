"""Validating and applying registration lists: mapping, vocabulary, consent,
duplicates, all-or-nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dialogue_app.errors import ImportRejected
from dialogue_app.importing import guess_mapping, read_table
from dialogue_app.models import Category, Consent, Person
from dialogue_app.services import events, people
from dialogue_app.services.importing import apply, validate


def _dims(s):
    return events.list_dimensions(s)


def run_import(store, path, *, do_apply=True, valid_only=False, sheet=None):
    """read + guess mapping + validate (+ apply) in one unit of work; returns (preview, result)."""
    table = read_table(path, sheet=sheet)
    with store.session() as s:
        preview = validate(s, table, guess_mapping(table.headers, _dims(s)))
        result = apply(s, preview, valid_only=valid_only) if do_apply else None
    return preview, result


def everyone(store):
    with store.reader() as s:
        return {p.full_name: p for p in people.list_people(s)}


def test_dutch_headers_are_mapped(new_event):
    """Dutch headers map to fields and dimensions; numbers become age bands."""
    with new_event.reader() as s:
        m = guess_mapping(["Voornaam", "Achternaam", "Leeftijd", "Geslacht", "Wijk", "Organisatie", "E-mailadres",
                           "Telefoon", "Religie", "Herkomst", "Opleiding", "Rol", "Talen", "Toestemming",
                           "Code", "Schoenmaat"], _dims(s))
    assert list(m.values()) == [
        "first_name", "last_name", "age", "dim:gender", "dim:neighbourhood", "dim:organisation", "email",
        "phone", "dim:religion", "dim:origin", "dim:education", "roles", "languages", "consent", "code", None,
    ]


def test_french_and_portuguese_headers_are_mapped(new_event):
    """French and Portuguese headers, accents and case ignored."""
    with new_event.reader() as s:
        fr = guess_mapping(["NOM", "Prénom", "Âge", "Sexe", "Quartier", "Téléphone", "Origine", "Courriel",
                            "Consentement"], _dims(s))
        pt = guess_mapping(["Nome", "Apelido", "Idade", "Género", "Bairro", "Telemóvel", "Consentimento"], _dims(s))
        en = guess_mapping(["Name", "E-mail", "Age group", "Gender", "Consent"], _dims(s))
    assert list(fr.values()) == ["last_name", "first_name", "age", "dim:gender", "dim:neighbourhood", "phone",
                                 "dim:origin", "email", "consent"]
    assert list(pt.values()) == ["first_name", "last_name", "age", "dim:gender", "dim:neighbourhood", "phone",
                                 "consent"]
    assert list(en.values()) == ["full_name", "email", "dim:age_band", "dim:gender", "consent"]


def test_event_dimension_names_are_mapped(new_event):
    """A custom dimension's own name maps to it."""
    with new_event.session() as s:
        info = events.new_dimension("Favourite sport", 9)
        events.save_dimension(s, info)
        m = guess_mapping(["Naam", "Favourite sport"], _dims(s))
    assert m == {0: "full_name", 1: f"dim:{info.key}"}


def test_french_file_imports_with_synonyms(new_event, write_csv):
    """A French list (``;``, cp1252): names, genders, ages, roles, languages all normalised."""
    path = write_csv([
        ["Nom", "Prénom", "Âge", "Sexe", "Quartier", "Rôle", "Langues", "Fauteuil roulant", "Présence"],
        ["Dupont", "Hélène", "34", "F", "Belleville", "participante; animatrice", "français, anglais", "oui", ""],
        ["Martin", "Jean", "67", "homme", "belleville", "hôte", "Arabe / fr", "non", "présent"],
    ], encoding="cp1252", delimiter=";")
    preview, result = run_import(new_event, path)
    assert preview.errors == []
    assert result.created == 2
    assert preview.new_categories == {"neighbourhood": ["Belleville"]}
    ppl = everyone(new_event)
    h = ppl["Hélène Dupont"]
    assert h.values["age_band"] == "25–34" and h.values["gender"] == "Woman"
    assert set(h.roles) == {"participant", "facilitator"}
    assert h.languages == "fr,en" and h.wheelchair
    j = ppl["Jean Martin"]
    assert j.values["neighbourhood"] == "Belleville"  # matched case-insensitively, one category
    assert j.roles == ("host",) and j.languages == "ar,fr" and j.attendance == "present"
    with new_event.reader() as s:
        assert s.scalar(select(func.count()).select_from(Category).where(Category.label.ilike("belleville"))) == 1


def test_portuguese_file_with_full_name(new_event, write_csv):
    """Portuguese headers; a full-name column is split into first and last name."""
    path = write_csv([
        ["Nome completo", "Idade", "Género", "Escolaridade", "Bairro", "Função"],
        ["João Lopes Tavares", "45", "masculino", "licenciatura", "Cova da Moura", "formador"],
        ["Tavares, Maria", "19", "feminino", "ensino secundário", "", "participante"],
    ])
    preview, result = run_import(new_event, path)
    assert preview.errors == [] and result.created == 2
    ppl = everyone(new_event)
    assert ppl["João Lopes Tavares"].roles == ("trainer",)
    assert ppl["João Lopes Tavares"].values["education"] == "Higher education (bachelor)"
    m = ppl["Maria Tavares"]
    assert m.last_name == "Tavares" and m.values["age_band"] == "18–24"
    assert m.values["education"] == "Upper secondary or vocational"


def test_age_band_column_accepts_ranges_numbers_and_pnts(new_event, write_csv):
    """An age-band column holds labels, "25-34", a bare number or "prefer not to say"."""
    path = write_csv([
        ["Name", "Age band", "Gender"],
        ["A One", "25-34", "v"],
        ["B Two", "52", "zeg ik liever niet"],
        ["C Three", "80+", "x"],
        ["D Four", "Prefer not to say", "Non-binary or other"],
        ["E Five", "65–79", "Man"],
    ])
    preview, _r = run_import(new_event, path)
    assert preview.errors == []
    ppl = everyone(new_event)
    assert ppl["A One"].values == {"age_band": "25–34", "gender": "Woman"}
    assert ppl["B Two"].values == {"age_band": "50–64", "gender": "Prefer not to say"}
    assert ppl["C Three"].values["age_band"] == "80 and over"
    assert ppl["D Four"].values == {"age_band": "Prefer not to say", "gender": "Non-binary or other"}
    assert ppl["E Five"].values["age_band"] == "65–79"


def test_unknown_gender_is_an_error_and_nothing_is_written(new_event, write_csv, snap):
    """An unknown value of a closed dimension names value and column; apply writes nothing."""
    path = write_csv([["Voornaam", "Achternaam", "Geslacht"], ["Ana", "Silva", "vrouw"], ["Bo", "Berg", "kat"]])
    before = snap(new_event)
    table = read_table(path)
    with new_event.session() as s:
        preview = validate(s, table, guess_mapping(table.headers, _dims(s)))
    [err] = preview.errors
    assert (err.row, err.column) == (3, "Geslacht")
    assert "kat" in err.message and "Gender" in err.message
    with pytest.raises(ImportRejected) as exc, new_event.session() as s:
        apply(s, preview)
    assert "nothing was imported" in exc.value.message
    assert any("Row 3, Geslacht" in d and "kat" in d for d in exc.value.details)
    assert snap(new_event) == before


def test_valid_only_imports_the_good_rows(new_event, write_csv):
    """With valid_only the rows without errors are written, the others skipped."""
    path = write_csv([["Naam", "Geslacht"], ["Ana Silva", "vrouw"], ["Bo Berg", "kat"], ["Cor de Wit", "m"]])
    preview, result = run_import(new_event, path, valid_only=True)
    assert len(preview.errors) == 1
    assert (result.created, result.skipped_rows) == (2, 1)
    assert set(everyone(new_event)) == {"Ana Silva", "Cor de Wit"}


def test_age_out_of_range(new_event, write_csv, snap):
    """Ages outside 10–110 are errors naming row, column and value; nothing is written."""
    path = write_csv([["Naam", "Leeftijd"], ["Ana Silva", "7"], ["Bo Berg", "130"], ["Cor de Wit", "veertig"],
                      ["Dirk Dam", "40"]])
    before = snap(new_event)
    preview, _r = run_import(new_event, path, do_apply=False)
    msgs = {(e.row, e.column): e.message for e in preview.errors}
    assert set(msgs) == {(2, "Leeftijd"), (3, "Leeftijd"), (4, "Leeftijd")}
    assert "out of range" in msgs[(2, "Leeftijd")] and "7" in msgs[(2, "Leeftijd")]
    assert "130" in msgs[(3, "Leeftijd")] and "veertig" in msgs[(4, "Leeftijd")]
    with pytest.raises(ImportRejected), new_event.session() as s:
        apply(s, preview)
    assert snap(new_event) == before


def test_missing_name(new_event, write_csv, snap):
    """A row without a name is an error; a file without a name column too."""
    path = write_csv([["Voornaam", "Achternaam", "E-mail"], ["Ana", "Silva", "a@x.org"], ["", " ", "b@x.org"]])
    before = snap(new_event)
    preview, _r = run_import(new_event, path, do_apply=False)
    [err] = preview.errors
    assert err.row == 3 and "Missing name" in err.message
    path2 = write_csv([["E-mail", "Wijk"], ["a@x.org", "Noord"]], name="noname.csv")
    preview2, _r = run_import(new_event, path2, do_apply=False)
    assert preview2.errors[0].row == 0 and "No column holds names" in preview2.errors[0].message
    assert snap(new_event) == before


def test_first_row_not_a_header(new_event, write_csv):
    """A list without a header row: the report says row 1 must hold the column names."""
    path = write_csv([["Ana Silva", "34", "a@x.org"], ["Bo Berg", "40", "b@x.org"]])
    preview, _r = run_import(new_event, path, do_apply=False)
    assert preview.errors[0].row == 1 and "row 1" in preview.errors[0].message


def test_sensitive_values_need_consent(new_event, write_csv):
    """Origin/religion are stored only with consent (recorded as source="registration");
    without it the value is dropped with a warning, the rest of the row imports."""
    path = write_csv([
        ["Naam", "Herkomst", "Religie", "Wijk", "Toestemming"],
        ["Ana Silva", "Kaapverdisch", "Christelijk", "Noord", "ja"],
        ["Bo Berg", "Nederlands", "Geen", "Zuid", "nee"],
        ["Cor de Wit", "Surinaams", "", "Zuid", ""],
    ])
    preview, result = run_import(new_event, path)
    assert preview.errors == []
    warnings = {(w.row, w.column) for w in preview.warnings}
    assert warnings == {(3, "Herkomst"), (3, "Religie"), (4, "Herkomst")}
    assert all("not stored" in w.message for w in preview.warnings)
    # Dutch values in an English event become the app's English categories (was: "Kaapverdisch")
    assert preview.new_categories["origin"] == ["Cape Verdean"]  # only what will be stored
    ppl = everyone(new_event)
    assert ppl["Ana Silva"].values == {"origin": "Cape Verdean", "religion": "Christian", "neighbourhood": "Noord"}
    assert ppl["Bo Berg"].values == {"neighbourhood": "Zuid"}
    assert ppl["Cor de Wit"].values == {"neighbourhood": "Zuid"}
    assert result.consents_recorded == 2
    with new_event.reader() as s:
        consents = s.scalars(select(Consent)).all()
    assert {c.source for c in consents} == {"registration"} and len(consents) == 2
    assert all(c.withdrawn_at is None and c.given_at is not None for c in consents)


def test_sensitive_without_consent_column(new_event, write_csv):
    """Without a consent column sensitive values are not stored and each is reported."""
    path = write_csv([["Naam", "Religie"], ["Ana Silva", "Moslim"]])
    preview, result = run_import(new_event, path)
    [w] = preview.warnings
    assert (w.row, w.column) == (2, "Religie") and "Moslim" in w.message
    assert result.created == 1 and everyone(new_event)["Ana Silva"].values == {}


def test_duplicate_rows_in_file_become_one_person(new_event, write_csv):
    """The same person twice (name + e-mail, case and accents ignored) is one record, reported."""
    path = write_csv([
        ["Voornaam", "Achternaam", "E-mail", "Rol", "Wijk"],
        ["Hélène", "Dupont", "helene@x.org", "deelnemer", "Noord"],
        ["Bo", "Berg", "", "deelnemer", ""],
        ["HELENE", "dupont", "Helene@X.org", "gastvrouw", ""],
    ])
    preview, result = run_import(new_event, path)
    [w] = [w for w in preview.warnings if "same person" in w.message]
    assert w.row == 4 and "row 2" in w.message
    assert result.created == 2
    h = everyone(new_event)["Hélène Dupont"]
    assert set(h.roles) == {"participant", "host"} and h.values == {"neighbourhood": "Noord"}


def test_same_file_twice_does_not_duplicate(new_event, write_csv, snap):
    """Importing the same list again adds no one and changes nothing; warnings say why."""
    path = write_csv([
        ["Naam", "E-mail", "Telefoon", "Geslacht", "Wijk"],
        ["Ana Silva", "ana@x.org", "", "v", "Noord"],
        ["Bo Berg", "", "06-1234 5678", "m", "Zuid"],
        ["Cor de Wit", "", "", "", ""],
    ])
    _p, first = run_import(new_event, path)
    assert first.created == 3
    before = snap(new_event)
    preview, second = run_import(new_event, path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert len([w for w in preview.warnings if "already in the event" in w.message]) == 3
    assert snap(new_event) == before


def test_existing_person_is_updated_not_duplicated(new_event, write_csv):
    """A person already in the event (name + phone) is updated; empty cells erase nothing."""
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=people.new_person().id, first_name="Bo", last_name="Berg",
                                                phone="+31 6 12345678", needs="Hearing loop"))
    path = write_csv([["Naam", "Telefoon", "Behoeften", "Wijk"], ["bo berg", "06-12345678", "", "Zuid"]])
    preview, result = run_import(new_event, path)
    assert preview.people[0].existing_id is not None
    assert (result.created, result.updated) == (0, 1)
    [bo] = everyone(new_event).values()
    assert bo.needs == "Hearing loop" and bo.values == {"neighbourhood": "Zuid"}


def test_duplicate_participant_code(new_event, write_csv, snap):
    """Two different people with one code is an error naming the other row."""
    path = write_csv([["Naam", "Code"], ["Ana Silva", "K7QM3X"], ["Bo Berg", "k7qm-3x"]])
    before = snap(new_event)
    preview, _r = run_import(new_event, path, do_apply=False)
    [err] = preview.errors
    assert err.row == 3 and err.column == "Code" and "row 2" in err.message
    assert snap(new_event) == before


def test_invalid_email_is_a_warning(new_event, write_csv):
    """An e-mail address that looks wrong is a warning; the person is imported."""
    path = write_csv([["Naam", "E-mail"], ["Ana Silva", "ana at x"]])
    preview, result = run_import(new_event, path)
    [w] = preview.warnings
    assert w.column == "E-mail" and "ana at x" in w.message
    assert result.created == 1


def test_unmapped_columns_are_listed(new_event, write_csv):
    """Columns the importer does not understand are listed, not silently dropped."""
    path = write_csv([["Naam", "Schoenmaat", "Lievelingskleur", ""], ["Ana Silva", "38", "blauw", ""]])
    preview, _r = run_import(new_event, path, do_apply=False)
    assert preview.unmapped_columns == ["Schoenmaat", "Lievelingskleur"]


def test_xlsx_import(new_event, tmp_path):
    """An XLSX list imports like a CSV (numbers as ages)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Voornaam", "Achternaam", "Leeftijd", "Geslacht"])
    wb.active.append(["Ana", "Silva", 34, "V"])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    preview, result = run_import(new_event, path)
    assert preview.errors == [] and result.created == 1
    assert everyone(new_event)["Ana Silva"].values == {"age_band": "25–34", "gender": "Woman"}


def test_unknown_role_and_yes_no(new_event, write_csv):
    """Unknown roles and yes/no answers are errors naming the value."""
    path = write_csv([["Naam", "Rol", "Rolstoel"], ["Ana Silva", "deelnemer/koning", "misschien"]])
    preview, _r = run_import(new_event, path, do_apply=False)
    msgs = sorted(e.message for e in preview.errors)
    assert any("koning" in m for m in msgs) and any("misschien" in m for m in msgs)


def test_cancel_writes_nothing(new_event, write_csv, snap):
    """should_stop() cancels validation and apply cleanly."""
    from dialogue_app.errors import Cancelled

    path = write_csv([["Naam"], ["Ana Silva"]])
    before = snap(new_event)
    table = read_table(path)
    with pytest.raises(Cancelled), new_event.session() as s:
        validate(s, table, guess_mapping(table.headers, _dims(s)), should_stop=lambda: True)
    with new_event.session() as s:
        preview = validate(s, table, guess_mapping(table.headers, _dims(s)))
    with pytest.raises(Cancelled), new_event.session() as s:
        apply(s, preview, should_stop=lambda: True)
    assert snap(new_event) == before
    with new_event.reader() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0


def test_reimport_with_changes_updates_values_roles_and_consent(new_event, write_csv):
    """A second, corrected list changes values, adds roles and consent; still one record each."""
    path = write_csv([["Naam", "E-mail", "Geslacht", "Wijk", "Rol", "Herkomst", "Toestemming"],
                      ["Ana Silva", "ana@x.org", "v", "Noord", "deelnemer", "Kaapverdisch", "nee"]])
    run_import(new_event, path)
    path2 = write_csv([["Naam", "E-mail", "Geslacht", "Wijk", "Rol", "Herkomst", "Toestemming", "Code"],
                       ["Ana Silva", "ANA@x.org", "x", "Zuid", "gastvrouw", "Kaapverdisch", "ja", "K7QM3X"]],
                      name="v2.csv")
    preview, result = run_import(new_event, path2)
    assert preview.errors == [] and (result.created, result.updated) == (0, 1)
    # one consent: the file has an origin column and no religion column (it used to record both, a defect)
    assert result.consents_recorded == 1
    [ana] = everyone(new_event).values()
    assert ana.values == {"gender": "Non-binary or other", "neighbourhood": "Zuid", "origin": "Cape Verdean"}
    assert set(ana.roles) == {"participant", "host"} and ana.code == "K7QM3X"
    with new_event.reader() as s:
        assert s.scalar(select(func.count()).select_from(Consent)) == 1
        assert s.scalar(select(Person.identity_key)) != ""


def test_existing_consent_in_the_event_counts(new_event, write_csv):
    """A person who already consented in the event gets their religion stored without a consent column;
    someone without consent does not."""
    with new_event.session() as s:
        dims = {d.key: d for d in _dims(s)}
        people.save_person(s, people.PersonData(id=people.new_person().id, first_name="Ana", last_name="Silva",
                                                email="ana@x.org", consents=frozenset({dims["religion"].id})))
    path = write_csv([["Naam", "E-mail", "Religie"], ["Ana Silva", "ana@x.org", "Boeddhist"],
                      ["Bo Berg", "bo@x.org", "Boeddhist"]])
    preview, result = run_import(new_event, path)
    assert [(w.row, w.column) for w in preview.warnings if "not stored" in w.message] == [(3, "Religie")]
    assert (result.created, result.updated) == (1, 1)
    ppl = everyone(new_event)
    # the Dutch value is the app's category in the English event (was: a new category "Boeddhist")
    assert ppl["Ana Silva"].values == {"religion": "Buddhist"} and ppl["Bo Berg"].values == {}


def test_birth_year_and_date_become_age_bands(new_event, write_csv):
    """A birth year or date (ISO or day first) counts as the age on the event's date."""
    import datetime as dt

    from dialogue_app.models import Event

    with new_event.session() as s:
        s.scalars(select(Event)).one().date = dt.date(2026, 11, 5)
    path = write_csv([["Naam", "Geboortedatum"], ["Ana Silva", "1992"], ["Bo Berg", "06-11-2001"],
                      ["Cor de Wit", "2001-11-05"], ["Dirk Dam", "31-02-1990"], ["Eva Eik", "2020"]])
    preview, _r = run_import(new_event, path, valid_only=True)
    assert {(e.row, e.column) for e in preview.errors} == {(5, "Geboortedatum"), (6, "Geboortedatum")}
    assert any("out of range" in e.message for e in preview.errors if e.row == 6)
    ppl = everyone(new_event)
    assert ppl["Ana Silva"].values["age_band"] == "25–34"  # 34
    assert ppl["Bo Berg"].values["age_band"] == "18–24"  # 24: birthday is tomorrow
    assert ppl["Cor de Wit"].values["age_band"] == "25–34"  # 25 today
