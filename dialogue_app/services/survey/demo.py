"""Demo survey answers (the ``populate_demo`` hook of the demo event)."""

from __future__ import annotations

import random
import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole, SurveyAnswer, SurveyResponse
from dialogue_app.services.events import current_event
from dialogue_app.services.survey.items import ensure_instrument
from dialogue_app.services.survey.responses import EMPTY_SGC
from dialogue_app.survey import instrument as ins

DEMO_ORDER = 200


# --- demo ----------------------------------------------------------------------------------------
def _clip5(x: float) -> int:
    return max(1, min(5, round(x)))


def populate_demo(session: Session, rng: random.Random) -> None:
    """Default instrument and plausible before/after answers for most demo participants.

    About 88% fill in the before form and 85% of those the after form; one in five uses a
    self-generated code on anonymous paper forms (a few mistype one element); a few after
    forms come from people who skipped the before form (unmatched). Connection and trust shift
    up by about a third of a point; most meet new people.
    """
    e = current_event(session)
    items = ensure_instrument(session)
    ids = {it.key: it.id for it in items}
    rows = session.execute(
        select(Person.id, Person.attendance).join(PersonRole, PersonRole.person_id == Person.id)
        .where(Person.event_id == e.id, PersonRole.role == "participant")
    ).all()
    table_of = dict(session.execute(
        select(Assignment.person_id, DialogueTable.number).join(DialogueTable, DialogueTable.id == Assignment.table_id)
        .where(Assignment.round == 1, DialogueTable.event_id == e.id)
    ).all())
    n_tables = max(1, session.scalar(select(func.count()).select_from(DialogueTable)
                                     .where(DialogueTable.event_id == e.id)) or 1)
    letters = "AEIOUAEIRLNSTMDK"
    resp_rows: list[dict] = []
    ans_rows: list[dict] = []

    def add_form(wave, pid, sgc, table, answers):
        rid = uuid.uuid4()
        row = {"id": rid, "event_id": e.id, "wave": wave, "person_id": pid, "table_number": table, "source": "demo",
               "language": e.language}
        for el, v in zip(ins.SGC_ELEMENTS, sgc, strict=True):
            row[f"sgc_{el}"] = v
        resp_rows.append(row)
        for key, value in answers.items():
            if key in ids and value is not None:
                ans_rows.append({"id": uuid.uuid4(), "response_id": rid, "item_id": ids[key], "value": value})

    for pid, attendance in rows:
        if attendance in ("cancelled", "absent"):
            continue
        table = table_of.get(pid) or rng.randint(1, n_tables)
        openness = rng.gauss(0, 0.8)
        anonymous = rng.random() < 0.2
        sgc = (rng.choice(letters), str(rng.randint(1, 12)), str(min(6, int(rng.expovariate(0.9)))),
               rng.choice("RADSUGHBLM"), str(rng.randint(1, 28)))
        did_before = rng.random() < 0.88
        did_after = rng.random() < (0.85 if did_before else 0.3)
        con_b = _clip5(3.0 + openness + rng.gauss(0, 0.7))
        tru_b = _clip5(3.1 + openness + rng.gauss(0, 0.7))
        talk_b = _clip5(2.8 + openness + rng.gauss(0, 0.8))
        intend_b = rng.random() < 0.35 + 0.1 * openness

        def ans(x):
            return None if rng.random() < 0.03 else x

        if did_before:
            add_form("before", None if anonymous else pid, sgc if anonymous else EMPTY_SGC, table, {
                "talk_other_backgrounds": ans(str(talk_b)), "connected": ans(str(con_b)),
                "trust": ans(str(tru_b)), "intend_action": ans("1" if intend_b else "0"),
            })
        if did_after:
            after_sgc: tuple[str, ...] = sgc
            if anonymous and rng.random() < 0.08:  # one element remembered differently
                k = rng.randrange(len(sgc))
                after_sgc = tuple(str(int(v) % 12 + 1) if i == k and v.isdigit() else
                                  ("X" if i == k else v) for i, v in enumerate(sgc))
            con_a = _clip5(con_b + rng.choice((0, 0, 0, 1, 1, -1)) + (1 if rng.random() < 0.15 else 0))
            tru_a = _clip5(tru_b + rng.choice((0, 0, 0, 1, 1, -1)))
            intend_a = intend_b or rng.random() < 0.45
            if intend_b and rng.random() < 0.08:
                intend_a = False
            add_form("after", None if anonymous else pid, after_sgc if anonymous else EMPTY_SGC, table, {
                "connected": ans(str(con_a)), "trust": ans(str(tru_a)),
                "intend_action": ans("1" if intend_a else "0"),
                "met_new_people": ans("1" if rng.random() < 0.8 else "0"),
                "view_changed": ans("1" if rng.random() < 0.45 + 0.1 * openness else "0"),
                "exchanged_contacts": ans("1" if rng.random() < 0.55 else "0"),
                "felt_heard": ans(str(_clip5(4.1 + rng.gauss(0, 0.8)))),
                "recommend": ans(str(_clip5(4.3 + rng.gauss(0, 0.7)))),
            })
    if resp_rows:
        session.execute(insert(SurveyResponse), resp_rows)
    if ans_rows:
        session.execute(insert(SurveyAnswer), ans_rows)
    session.flush()
