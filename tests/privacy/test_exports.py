"""Every export kind on the demo event: no sensitive value, no contact detail (except
where an export declares contact details); CSV is formula-safe. The scanner itself is
proven on the subject-access export, which must contain them."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_app import exports
from dialogue_app.csvsafe import FORMULA_START
from dialogue_app.models import Category, Dimension, Person
from dialogue_app.services import privacy

MARK = "Zqx"  # sensitive labels are renamed to unmistakable markers before exporting


def _mark_sensitive(store) -> tuple[list[str], list[str], list[str]]:
    """Rename every sensitive category to a marker; return markers, e-mails and phones."""
    with store.session() as s:
        markers = []
        for d in s.scalars(select(Dimension).where(Dimension.sensitive)):
            for i, c in enumerate(s.scalars(select(Category).where(Category.dimension_id == d.id))):
                c.label = f"{MARK}{d.key.capitalize()}{i}{MARK}"
                markers.append(c.label)
        emails = [e for e in s.scalars(select(Person.email)) if e]
        phones = [p for p in s.scalars(select(Person.phone)) if p]
    return markers, emails, phones


def _consented(s) -> dict[str, set[str]]:
    """code -> keys of the sensitive dimensions the person has active consent for (every person listed)."""
    from dialogue_app.models import Consent

    out: dict[str, set[str]] = {code: set() for code in s.scalars(select(Person.code))}
    rows = s.execute(select(Person.code, Dimension.key).join(Consent, Consent.person_id == Person.id)
                     .join(Dimension, Dimension.id == Consent.dimension_id).where(Consent.withdrawn_at.is_(None)))
    for code, key in rows:
        out[code].add(key)
    return out


def _dimension_of(marker: str) -> str:
    return marker.removeprefix(MARK).rstrip(MARK).rstrip("0123456789").lower()


def extract_text(path: Path) -> str:
    """All text of an export: PDF text (pypdf), every SQLite cell, or the file's text."""
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if data.startswith(b"SQLite format 3"):
        con = sqlite3.connect(path)
        try:
            cells = []
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                for row in con.execute(f'SELECT * FROM "{name}"'):
                    cells.extend(str(v) for v in row if v is not None)
            return "\n".join(cells)
        finally:
            con.close()
    return data.decode("utf-8-sig", errors="replace")


def leaks(text: str, markers, emails, phones) -> list[str]:
    squashed = text.replace("\n", "").replace(" ", "")
    found = [m for m in markers if m in text or m in squashed]
    found += [e for e in emails if e in text or e in squashed]
    found += [p for p in phones if p in text or p in squashed]
    if "@example.org" in squashed:
        found.append("@example.org")
    return found


def _kinds():
    return [pytest.param(s, id=s.kind) for s in exports.EXPORTS]


@pytest.mark.parametrize("spec", _kinds())
def test_export_leaks_nothing(spec, demo_store, tmp_path):
    """The export contains no sensitive value and, unless declared, no contact detail."""
    assert exports.writer(spec) is not None, f"{spec.kind} is declared in exports.py but has no writer"
    markers, emails, phones = _mark_sensitive(demo_store)
    out = tmp_path / f"out.{spec.fmt}"
    exports.run_export(demo_store, spec.kind, out)
    text = extract_text(out)
    if spec.contact_details:
        # the organiser's registration list: contact details by declaration; a sensitive value only
        # in the row of a person with active consent for that dimension
        with demo_store.session() as s:
            assert privacy.consent_violations(s) == []
            consented = _consented(s)
        if spec.fmt == "csv":
            for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))):
                codes = [c for c in row if c in consented]
                for m in (m for m in markers for cell in row if cell == m):
                    assert len(codes) == 1 and _dimension_of(m) in consented[codes[0]], row
        found = [m for m in markers if m in text]
        assert spec.sensitive_values or found == []
    else:
        assert not spec.sensitive_values, "only an export with contact details may carry consented values"
        assert leaks(text, markers, emails, phones) == []
    if spec.fmt == "csv":
        for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))):
            assert not any(cell.startswith(FORMULA_START) for cell in row)


def test_scanner_finds_what_subject_access_holds(demo_store, marked, tmp_path):
    """Positive control: the subject-access export (separate, for the person only) holds the
    person's sensitive values and contact details, and the scanner finds them."""
    markers, emails, phones = _mark_sensitive(demo_store)
    out = privacy.write_subject_access(demo_store, marked.code, tmp_path / "sa.json")
    text = extract_text(out)
    found = leaks(text, markers, emails, phones)
    assert any(f.startswith(MARK) for f in found) and "zephyrine.okonkwo@example.net" in found
    assert json.loads(text)["person"]["code"] == marked.code


def test_scanner_reads_pdf_and_sqlite(tmp_path):
    """Positive control for the PDF and SQLite readers of the scanner."""
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "x.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, f"Table 3: {MARK}Origin0{MARK} ann@example.com")
    c.save()
    assert leaks(extract_text(pdf), [f"{MARK}Origin0{MARK}"], [], []) == [f"{MARK}Origin0{MARK}"]
    db = tmp_path / "x.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (a TEXT)")
    con.execute("INSERT INTO t VALUES ('06-11112222')")
    con.commit()
    con.close()
    assert leaks(extract_text(db), [], [], ["06-11112222"]) == ["06-11112222"]


def test_declarations_follow_the_rules():
    """Only the registration list declares contact details or (consented) sensitive values; the follow-up
    mail merge declares contact details (only of people who agreed to be contacted, tests/services/
    test_followup.py) and never sensitive values."""
    for s in exports.EXPORTS:
        if s.sensitive_values:
            assert s.kind == "people-csv", s.kind
        if s.contact_details:
            assert s.kind in ("people-csv", "followup-mailmerge"), s.kind
    assert exports.SUBJECT_ACCESS.kind == "subject-access" and exports.SUBJECT_ACCESS not in exports.EXPORTS
