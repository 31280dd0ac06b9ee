"""A fictional training event: trainees from many origins, sessions, attendance,
readiness steps and planned practice rounds (written through the training services)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy.orm import Session

from dialogue_app import demo_data
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import language
from dialogue_app.services import events
from dialogue_app.services import facilitation as fac
from dialogue_app.services import training as tr
from dialogue_app.training import content
from dialogue_app.training.demo import CITIES, check_trainees


def populate(session: Session, *, trainees: int = 16, seed: int = 1, lang: str = "en") -> None:
    check_trainees(trainees)
    rng = random.Random(seed)
    start = dt.date(2026, 10, 6)
    with language(lang):
        events.create_event(session, _("Facilitator training autumn {year}").format(year=2026),
                            theme=_("Crossing the bridge: what connects us in our city?"), date=start, lang=lang,
                            kind="training", table_sizes=(4, 5, 6), default_dimensions=False)
        sessions = [
            (tr.add_session(session, _("Basic training"), "basic", start, dt.time(19, 0), 120), "basic"),
            (tr.add_session(session, _("Practice evening"), "practice", start + dt.timedelta(days=14),
                            dt.time(19, 0), 120), "practice"),
            (tr.add_session(session, _("Coordinator day"), "coordinator", start + dt.timedelta(days=17),
                            dt.time(9, 30), 360), "coordinator"),
            (tr.add_session(session, _("Practice evening"), "practice", start + dt.timedelta(days=28),
                            dt.time(19, 0), 120), "practice"),
        ]
    origins = list(demo_data.ORIGINS)
    shares = [demo_data.ORIGINS[o]["share"] + 0.04 for o in origins]  # trainings draw a broad mix
    seen: set[tuple[str, str]] = set()
    for i in range(trainees):
        o = demo_data.ORIGINS[rng.choices(origins, weights=shares)[0]]
        for _try in range(20):
            first = rng.choice(o["female"] if rng.random() < 0.55 else o["male"])
            last = rng.choice([s for s in o["surnames"] if content.same_script(s, first)] or o["surnames"])
            if (first, last) not in seen:
                break
        seen.add((first, last))
        city = rng.choice(CITIES)
        track = "coordinator" if i % 6 == 5 else "facilitator"
        lang_t = "fr" if city == "Lille" else ("nl" if city != "Rotterdam" or rng.random() < 0.8 else "en")
        pid = tr.add_trainee(session, tr.TraineeData(
            first, last, track, city, rng.choice(demo_data.ORGANISATIONS), lang_t,
            email=f"trainee{i + 1}@example.org"))
        if rng.random() < 0.75:
            tr.add_step(session, pid, "dialogue", dt.date(2026, 3, 12) if rng.random() < 0.6 else dt.date(2025, 11, 6))
        for sid, kind in sessions:
            if kind == "coordinator" and track != "coordinator":
                continue
            r = rng.random()
            status: str | None
            if kind == "basic":
                status = "present" if r < 0.92 else "excused"
            else:
                status = "present" if r < 0.65 else ("absent" if r < 0.85 else None)
            if status:
                tr.set_attendance(session, sid, pid, status)
        if track == "facilitator" and rng.random() < 0.55:
            tr.add_step(session, pid, "co_facilitated", dt.date(2026, 11, 5))
    fac.ensure_script(session)
    tr.plan_practice(session, size=5, seed=seed)


def create_demo_training(path: Path, *, trainees: int = 16, seed: int = 1, lang: str = "en",
                         overwrite: bool = True) -> Path:
    """Write a demo training event file (replacing an existing one when ``overwrite``)."""
    from dialogue_app.services.demo import write_event_file

    return write_event_file(path, lambda s: populate(s, trainees=trainees, seed=seed, lang=lang),
                            overwrite=overwrite)
