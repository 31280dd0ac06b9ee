"""A realistic, fictional demo event (also used by the benchmarks).

Background dimensions are skewed and correlated the way they are in a real
port city: origin drives religion, languages and neighbourhood; organisations
are Zipf-sized; a small share says "prefer not to say" or gives no consent
for the sensitive dimensions.

Other areas of the app add their part of the demo (script, survey answers,
commitments...) by defining ``populate_demo(session, rng)`` in a module of
:mod:`dialogue_app.services`; they run after the people and tables exist, in
the order of their ``DEMO_ORDER`` (default 100).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from dialogue_app import codes, demo_data, storage, vocab
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import language
from dialogue_app.models import (
    Category,
    Consent,
    DialogueTable,
    Dimension,
    Event,
    PairRule,
    Person,
    PersonRole,
    PersonValue,
    Venue,
    utcnow,
)
from dialogue_app.services import events

AGE_WEIGHTS = {"0-17": 0.04, "18-24": 0.13, "25-34": 0.18, "35-49": 0.22, "50-64": 0.22, "65-79": 0.16, "80+": 0.05}
EDU_BY_AGE_YOUNG = {"primary": 0.05, "lower_secondary": 0.2, "upper_secondary": 0.4, "bachelor": 0.25, "master": 0.1}
EDU_OLD = {"primary": 0.15, "lower_secondary": 0.3, "upper_secondary": 0.3, "bachelor": 0.15, "master": 0.1}
MAX_PARTICIPANTS = 20000


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def check_participants(participants: int) -> None:
    """A demo has 1 to MAX_PARTICIPANTS participants (checked before any work starts)."""
    if not 1 <= participants <= MAX_PARTICIPANTS:
        raise UserInputError(
            _("The number of participants must be between 1 and {max}.").format(max=MAX_PARTICIPANTS)
        )


#: share of the demo's creation each step takes (the rest is the people), and what it says
STEP_SHARES = {"planning": 0.45, "facilitation": 0.1, "commitments": 0.05, "survey": 0.15}
PEOPLE_SHARE = 1.0 - sum(STEP_SHARES.values())


def step_message(name: str) -> str:
    """What the progress dialog says while a demo step (a ``populate_demo`` hook) runs."""
    return {
        "planning": _("Planning the tables…"),
        "facilitation": _("Writing the facilitation script…"),
        "commitments": _("Writing the commitments…"),
        "survey": _("Filling in the surveys…"),
    }.get(name, _("Filling in the demo event…"))


@dataclass
class _Draw:
    """What drawing the demo's people needs: the random streams, the event's dimensions and their
    categories (created as they are first drawn), the codes taken and the people drawn so far."""

    session: Session
    rng: random.Random
    code_rng: random.Random
    event_id: uuid.UUID
    dims: dict[str, Dimension]
    cat: dict[str, dict[str, Category]]
    now: dt.datetime
    taken: set[str] = field(default_factory=set)
    people: list[Person] = field(default_factory=list)
    origins: list[str] = field(default_factory=lambda: list(demo_data.ORIGINS))
    shares: list[float] = field(default_factory=lambda: [demo_data.ORIGINS[o]["share"] for o in demo_data.ORIGINS])

    def category(self, dim_key: str, label: str) -> Category:
        existing = self.cat[dim_key].get(label)
        if existing is None:
            d = self.dims[dim_key]
            existing = Category(id=uuid.uuid4(), dimension_id=d.id, label=label, position=len(self.cat[dim_key]))
            self.session.add(existing)
            self.cat[dim_key][label] = existing
        return existing

    def value(self, dim_key: str, label: str) -> PersonValue:
        return PersonValue(dimension_id=self.dims[dim_key].id, category_id=self.category(dim_key, label).id)

    def person(self, role_set: tuple[str, ...], origin: str | None = None) -> Person:
        rng, dims = self.rng, self.dims
        origin = origin or rng.choices(self.origins, weights=self.shares)[0]
        o = demo_data.ORIGINS[origin]
        female = rng.random() < 0.52
        first = rng.choice(o["female"] if female else o["male"])
        last = rng.choice(o["surnames"])
        p = Person(
            id=uuid.uuid4(), event_id=self.event_id, code=codes.new_code(self.taken, self.code_rng),
            first_name=first, last_name=last, languages=o["languages"], wheelchair=rng.random() < 0.02,
        )
        if rng.random() < 0.7:
            slug = vocab.fold(f"{first}.{last}").replace(" ", ".") or "guest"
            p.email = f"{slug}{rng.randint(1, 99)}@example.org"
        if rng.random() < 0.5:
            p.phone = f"06-{rng.randint(10000000, 99999999)}"
        p.roles = [PersonRole(role=r) for r in role_set]
        values = []
        age = _pick(rng, AGE_WEIGHTS if "participant" in role_set else {"25-34": 1, "35-49": 2, "50-64": 2, "65-79": 1})
        values.append(self.value("age_band", age))
        gender = "nonbinary" if rng.random() < 0.02 else ("female" if female else "male")
        values.append(self.value("gender", gender))
        edu = _pick(rng, EDU_OLD if age in ("65-79", "80+") else EDU_BY_AGE_YOUNG)
        values.append(self.value("education", edu))
        south = 0.7 if origin not in ("Dutch", "Polish") else 0.35
        hood = rng.choice(demo_data.NEIGHBOURHOODS_SOUTH if rng.random() < south else demo_data.NEIGHBOURHOODS_NORTH)
        values.append(self.value("neighbourhood", hood))
        if rng.random() < 0.8:
            org = rng.choices(demo_data.ORGANISATIONS, weights=_ORG_WEIGHTS)[0]
            values.append(self.value("organisation", org))
        if rng.random() < 0.85:  # consent for the sensitive dimensions, recorded at registration
            for key in ("origin", "religion"):
                p.consents.append(
                    Consent(dimension_id=dims[key].id, purpose="dimension", given_at=self.now, source="registration",
                            recorded_by="demo")
                )
            values.append(self.value("origin", _(origin)))
            if rng.random() < 0.06:
                values.append(PersonValue(dimension_id=dims["religion"].id, category_id=None))
            else:
                values.append(self.value("religion", _(_pick(rng, o["religion"]))))
        self.session.flush()
        p.values = values
        self.session.add(p)
        self.people.append(p)
        return p


_ORG_WEIGHTS = [1 / (k + 1) for k in range(len(demo_data.ORGANISATIONS))]  # Zipf


def _venues_and_tables(session: Session, event_id: uuid.UUID, participants: int) -> tuple[list[Venue],
                                                                                       list[DialogueTable]]:
    venues = [Venue(event_id=event_id, name=n, address=a, accessible=acc) for n, a, acc in demo_data.VENUES]
    session.add_all(venues)
    n_tables = max(1, round(participants / 7))
    tables = []
    for i in range(n_tables):
        v = venues[i % len(venues)]
        tables.append(
            DialogueTable(
                event_id=event_id, number=i + 1, venue=v, capacity_min=6, capacity_max=8, accessible=v.accessible,
                languages="nl,en" if i % 3 else "nl",
            )
        )
    session.add_all(tables)
    session.flush()
    return venues, tables


def _relations(session: Session, event_id: uuid.UUID, rng: random.Random, hosts: list[Person],
               guests: list[Person], participants: int) -> None:
    """A host invites one or two guests; couples and families together; some apart; a few cancel."""
    for h in hosts:
        for g in rng.sample(guests, k=min(len(guests), rng.randint(1, 2))):
            g.invited_by_id = h.id
    pool = guests[:]
    rng.shuffle(pool)
    n_pairs = max(1, participants // 40)
    for k in range(n_pairs):
        if len(pool) < 4:
            break
        a, b = pool.pop(), pool.pop()
        session.add(PairRule(event_id=event_id, person_a_id=a.id, person_b_id=b.id, kind="together", hard=True,
                             note=_("Couple")))
        c, d = pool.pop(), pool.pop()
        session.add(PairRule(event_id=event_id, person_a_id=c.id, person_b_id=d.id, kind="apart",
                             hard=k % 2 == 0, weight=1.0, note=_("Colleagues")))
    for p in guests:  # a few cancel ahead of the day; facilitators and hosts all come
        if rng.random() < 0.05:
            p.attendance = "cancelled"


def _demo_hooks() -> list[tuple[int, str, Callable]]:
    """Every ``populate_demo`` of a services module, in the order they run."""
    hooks = []
    import dialogue_app.services as services_pkg

    for info in pkgutil.iter_modules(services_pkg.__path__):
        module = importlib.import_module(f"dialogue_app.services.{info.name}")
        hook = getattr(module, "populate_demo", None)
        if hook is not None:
            hooks.append((getattr(module, "DEMO_ORDER", 100), info.name, hook))
    return sorted(hooks, key=lambda h: (h[0], h[1]))


def _run_hooks(session: Session, rng: random.Random, lang: str, report: Callable[..., None],
               with_progress: bool) -> None:
    done = PEOPLE_SHARE
    for _order, name, hook in _demo_hooks():
        report(done, step_message(name))
        with language(lang):
            share, message = STEP_SHARES.get(name, 0.05), step_message(name)
            if with_progress and "progress" in inspect.signature(hook).parameters:  # planning: most of the time
                hook(session, rng, progress=lambda f, d=done, s=share, m=message: report(d + s * min(1.0, f), m))
            else:
                hook(session, rng)
        session.flush()
        done = min(1.0, done + STEP_SHARES.get(name, 0.05))


def populate(session: Session, *, participants: int = 120, seed: int = 1, lang: str = "en",
             progress: Callable[..., None] | None = None,
             should_stop: Callable[[], bool] | None = None) -> uuid.UUID:
    """Fill an empty event file with a fictional Day of Dialogue. ``progress(fraction, message)``
    hears of each step (people, then each area's ``populate_demo``); ``should_stop`` stops it
    between steps with :class:`Cancelled`."""
    from dialogue_app.errors import Cancelled

    shown = [0.0]  # the bar never moves back (a planning run may report a little past its share)

    def report(fraction: float, message: str = "") -> None:
        if should_stop is not None and should_stop():
            raise Cancelled(_("Cancelled."))
        shown[0] = max(shown[0], min(1.0, fraction))
        if progress is not None:
            progress(shown[0], message)

    check_participants(participants)
    report(0.0, _("Registering the people…"))
    rng = random.Random(seed)
    code_rng = random.Random(seed * 7919 + 1)  # codes apart, so the people drawn stay the same
    with language(lang):
        settings = events.create_event(
            session,
            _("Day of Dialogue {year}").format(year=2026),
            theme=_("Crossing the bridge: what connects us in our city?"),
            date=dt.date(2026, 11, 5),
            lang=lang,
        )
    event = session.get_one(Event, settings.id)
    event.start_time = dt.time(18, 30)
    event.retention_date = dt.date(2027, 11, 5)
    dims = {d.key: d for d in session.query(Dimension).filter_by(event_id=event.id)}
    cat = {key: {c.key or c.label: c for c in d.categories} for key, d in dims.items()}
    venues, tables = _venues_and_tables(session, event.id, participants)
    draw = _Draw(session, rng, code_rng, event.id, dims, cat, utcnow())

    with language(lang):
        facilitators = [draw.person(("facilitator",)) for _i in range(len(tables))]
        for f in facilitators:
            if "en" not in f.languages.split(","):
                f.languages += ",en"
            f.languages = "nl," + ",".join(x for x in f.languages.split(",") if x != "nl")
        hosts = []
        for i, v in enumerate(venues):
            if i < len(tables):
                h = draw.person(("participant", "host"), origin="Dutch" if i % 2 else None)
                hosts.append(h)
                t = next(t for t in tables if t.venue is v)
                t.host_id = h.id
        n_guests = max(0, participants - len(hosts))
        guests = []
        for i in range(n_guests):
            guests.append(draw.person(("participant",)))
            if i % 10 == 0:
                report(PEOPLE_SHARE * i / max(1, n_guests), _("Registering the people…"))
        session.flush()
        _relations(session, event.id, rng, hosts, guests, participants)
    session.flush()
    session.expire_all()  # reload relationships (new categories) before the other areas read them
    _run_hooks(session, rng, lang, report, progress is not None)
    report(1.0)
    return event.id


def default_demo_path() -> Path:
    from dialogue_app import paths

    return paths.events_dir() / "demo.dialogue"


def write_event_file(path: Path, fill: Callable[[Session], object], *, overwrite: bool = True) -> Path:
    """Create an event file and fill it in one unit of work (replacing ``path`` when ``overwrite``)."""
    store = storage.create_event_file(path, overwrite=overwrite)
    try:
        with store.session() as s:
            fill(s)
    except BaseException:  # a full disk: no half-filled event file stays behind
        store.close()
        storage.discard_event_file(store.path)
        raise
    store.close()
    return store.path


def create_demo_file(path: Path, *, participants: int = 120, seed: int = 1, lang: str = "en",
                     overwrite: bool = True, progress: Callable[..., None] | None = None,
                     should_stop: Callable[[], bool] | None = None) -> Path:
    """Write a demo event file (replacing an existing one when ``overwrite``); a cancelled
    demo leaves no file behind."""
    from dialogue_app.errors import Cancelled

    try:
        return write_event_file(
            path, lambda s: populate(s, participants=participants, seed=seed, lang=lang, progress=progress,
                                     should_stop=should_stop), overwrite=overwrite
        )
    except Cancelled:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
