"""The spreadsheet of survey answers: the entry template and the all-or-nothing import."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.codes import normalise_code
from dialogue_app.errors import ImportRejected
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.importing.values import parse_languages
from dialogue_app.models import Person
from dialogue_app.services.events import current_event
from dialogue_app.services.survey.items import ItemInfo, ensure_instrument, instrument
from dialogue_app.services.survey.responses import (
    ResponseData,
    find_response,
    save_response,
    validate_response,
)
from dialogue_app.survey import instrument as ins
from dialogue_app.survey.csvread import read_rows


# --- spreadsheet template and import ------------------------------------------------------------
def template_header(items: list[ItemInfo]) -> list[str]:
    return ["code", "wave", "table", *ins.SGC_ELEMENTS, *(it.key for it in items)]


def _example_answer(it: ItemInfo, k: int) -> str:
    if it.kind == "yes_no":
        return "yes" if k % 2 == 0 else "no"
    if it.kind in ins.SCALE_KINDS:
        return str(3 + k % 3)
    if it.kind == "choice":
        return "1"
    return _("Example answer")


def template_rows(items: list[ItemInfo]) -> list[list[str]]:
    """One example row per wave (self-generated code, so it imports into any event)."""
    example_sgc = ["A", "3", "1", "R", "14"]
    rows = []
    for wave in ins.WAVES:
        if not any(it.asked_in(wave) for it in items):
            continue
        row = ["", wave, "1", *example_sgc]
        for k, it in enumerate(items):
            row.append(_example_answer(it, k) if it.asked_in(wave) else "")
        rows.append(row)
    return rows


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    problem: str

    def text(self) -> str:
        return _("row {row}, column {column}: {problem}").format(row=self.row, column=self.column,
                                                                problem=self.problem)


@dataclass(frozen=True)
class ImportResult:
    forms: int
    by_wave: dict[str, int] = field(default_factory=dict)


WAVE_ALIASES = {"before": "before", "after": "after", "follow-up": "follow-up", "followup": "follow-up",
                "follow up": "follow-up", "voor": "before", "na": "after", "avant": "before", "après": "after"}


def _header_problems(cols: list[str], by_key: dict[str, ItemInfo]) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    known = {"code", "wave", "table", "language", *ins.SGC_ELEMENTS, *by_key}
    for h in cols:
        if h and h not in known:
            problems.append(ImportProblem(1, h, _("Unknown column (not an item key of this survey).")))
    if "wave" not in cols:
        problems.append(ImportProblem(1, "wave", _("The column “wave” is missing.")))
    if len(set(c for c in cols if c)) != len([c for c in cols if c]):
        problems.append(ImportProblem(1, "", _("A column appears twice.")))
    return problems


def _row_sgc(line: int, cell: dict[str, str], problems: list[ImportProblem]) -> tuple[str, ...]:
    sgc = []
    for el in ins.SGC_ELEMENTS:
        v = ins.normalise_sgc(el, cell.get(el, ""))
        if v is None:
            problems.append(ImportProblem(line, el, _("“{value}” is not a valid answer here.")
                                          .format(value=cell.get(el, ""))))
            v = ""
        sgc.append(v)
    return tuple(sgc)


def _row_table(line: int, cell: dict[str, str], problems: list[ImportProblem]) -> int | None:
    table = None
    t = cell.get("table", "").strip()
    if t:
        if t.isdigit() and int(t) >= 1:
            table = int(t)
        else:
            problems.append(ImportProblem(line, "table", _("The table number must be a whole number from 1.")))
    return table


def _row_language(line: int, cell: dict[str, str], problems: list[ImportProblem]) -> str:
    """The optional ``language`` column: a code or a name ("ar", "Arabic", "Arabisch"); "" = the event's."""
    raw = cell.get("language", "").strip()
    if not raw:
        return ""
    codes, unknown = parse_languages(raw)
    if len(codes) != 1 or unknown:
        problems.append(ImportProblem(line, "language", _("“{value}” is not a valid answer here.").format(value=raw)))
        return ""
    return codes[0]


def _row_answers(line: int, cell: dict[str, str], by_key: dict[str, ItemInfo], wave: str | None,
                 problems: list[ImportProblem]) -> tuple[tuple[str, str], ...]:
    answers = []
    for key, it in by_key.items():
        raw = cell.get(key, "")
        if not raw.strip():
            continue
        v = ins.normalise_answer(it.kind, raw, len(it.choices))
        if v is None:
            hint = {"yes_no": _("write yes/no or 1/0"), "agree5": _("write a number from 1 to 5"),
                    "freq5": _("write a number from 1 to 5")}.get(it.kind, _("see the item's options"))
            problems.append(ImportProblem(line, key, _("“{value}” is not a valid answer ({hint}).")
                                          .format(value=raw, hint=hint)))
            continue
        if wave and not it.asked_in(wave):
            problems.append(ImportProblem(line, key, _("This item is not asked in the {wave} wave.")
                                          .format(wave=ins.wave_label(wave))))
            continue
        answers.append((key, v))
    return tuple(answers)


def _parse_row(line: int, cell: dict[str, str], by_key: dict[str, ItemInfo], codes: set[str]
               ) -> tuple[ResponseData, list[ImportProblem]]:
    """One row as a form, and its problems (wave, code, self-generated code, table, answers)."""
    row_problems: list[ImportProblem] = []
    wave = WAVE_ALIASES.get(cell.get("wave", "").strip().lower())
    if wave is None:
        row_problems.append(ImportProblem(line, "wave", _("Write the wave as before, after or follow-up (got “{v}”).")
                                          .format(v=cell.get("wave", ""))))
    code = normalise_code(cell.get("code", ""))
    if code and code not in codes:
        row_problems.append(ImportProblem(line, "code", _("No person has the code “{code}”.").format(code=code)))
    sgc = _row_sgc(line, cell, row_problems)
    table = _row_table(line, cell, row_problems)
    answers = _row_answers(line, cell, by_key, wave, row_problems)
    language = _row_language(line, cell, row_problems)
    return ResponseData(None, wave or "", code, sgc, table, answers, "import", language), row_problems


def parse_import(session: Session, path: str | Path) -> tuple[list[ResponseData], list[ImportProblem]]:
    """Read and check a responses spreadsheet without writing anything."""
    items = instrument(session)
    by_key = {it.key: it for it in items}
    rows = read_rows(path)
    if not rows:
        return [], [ImportProblem(1, "", _("The file is empty."))]
    _line, header = rows[0]
    cols = [h.strip().lower() for h in header]
    problems = _header_problems(cols, by_key)
    if problems:
        return [], problems
    e = current_event(session)
    codes = set(session.scalars(select(Person.code).where(Person.event_id == e.id)))
    seen: dict[tuple, int] = {}
    out = []
    for line, cells in rows[1:]:
        cell = {c: (cells[i] if i < len(cells) else "") for i, c in enumerate(cols) if c}
        data, row_problems = _parse_row(line, cell, by_key, codes)
        if not row_problems:
            for f, m in validate_response(items, data):
                row_problems.append(ImportProblem(line, f, m))
        wave = data.wave
        who = data.code or (data.sgc if all(data.sgc) else None)
        if not row_problems and who:
            dup = seen.get((who, wave))
            if dup:
                row_problems.append(ImportProblem(line, "code", _("The same code and wave are already on row {row}.")
                                                  .format(row=dup)))
            elif find_response(session, wave, code=data.code, sgc=data.sgc) is not None:
                row_problems.append(ImportProblem(line, "code", _("A {wave} form for this code is already entered.")
                                                  .format(wave=ins.wave_label(wave))))
            seen[(who, wave)] = line
        problems.extend(row_problems)
        out.append(data)
    return out, problems


def import_responses(session: Session, path: str | Path) -> ImportResult:
    """Import every row of a responses spreadsheet, or nothing (ImportRejected) when any row is wrong."""
    data, problems = parse_import(session, path)
    if problems:
        raise ImportRejected(
            ngettext("The file has {n} problem; nothing was imported.",
                     "The file has {n} problems; nothing was imported.", len(problems)).format(n=len(problems)),
            details=[p.text() for p in problems],
        )
    ensure_instrument(session)
    by_wave: dict[str, int] = defaultdict(int)
    for d in data:
        save_response(session, replace(d, id=uuid.uuid4()))
        by_wave[d.wave] += 1
    return ImportResult(len(data), dict(by_wave))
