"""The Tables screen's words: mixes as shares, seats per table, warnings that name people."""

from __future__ import annotations

from sqlalchemy import select

from dialogue_app.models import Person
from dialogue_app.services import planning as plan_svc
from dialogue_app.services import seating
from dialogue_app.services.seating import words as seating_view


def test_cards_give_mixes_as_shares_and_warnings_with_names(demo_store):
    """Each card's mix is a share (0–100 %); a guest moved away from their host is named on
    both tables with the host and both table numbers; people alone are named."""
    plan_svc.plan_event(demo_store, seconds=0.3, seed=4)
    with demo_store.session() as s:
        view = seating.seating(s)
        assert all(0.0 < c.mix <= 1.0 for c in view.tables if len(c.people) > 1)
        hosts = {p.id: p.invited_by_id for p in s.scalars(select(Person)) if p.invited_by_id}
        where = {p.id: (c, p) for c in view.tables for p in c.people}
        guest_id = next(g for g in hosts if g in where)
        card, guest = where[guest_id]
        host_card, host = where[hosts[guest_id]]
        other = next(c for c in view.tables if c.id != card.id)
        seating.move_edit(s, [guest_id], other.id, 1).apply(s)
        after = {c.id: c for c in seating.seating(s).tables}
    text = (f"{guest.name} (table {other.number}) is not at the table of their host {host.name} "
            f"(table {host_card.number})")
    assert text in after[other.id].warnings and text in after[host_card.id].warnings
    alone = [w for c in after.values() for w in c.warnings if "the only one of their group" in w]
    assert alone and not any(w[0].isdigit() for w in alone)


def test_free_seats_and_full_tables(demo_store):
    """Choices for moving a guest give each table's free seats (guests coming, facilitators
    apart); a full table is marked and a move there is refused in words."""
    plan_svc.plan_event(demo_store, seconds=0.3, seed=4)
    with demo_store.session() as s:
        view = seating.seating(s)
    guest = next(p for c in view.tables for p in c.people if not p.is_facilitator)
    choices = {c.id: c for c in seating_view.table_choices(view, [guest.id])}
    for card in view.tables:
        seated = sum(1 for p in card.people if not p.is_facilitator and p.attendance in ("registered", "present"))
        c = choices[card.id]
        assert c.free == card.capacity_max - seated
        assert c.current == (card.number == guest.table)
        assert c.full == (not c.current and seated >= card.capacity_max)
        problem = seating_view.room_problem(view, [guest.id], card.id)
        assert (problem is not None) == c.full
        if c.full:
            assert problem.startswith(f"Table {card.number} is full")


def test_sensitive_dimensions_show_a_share_not_a_raw_index(demo_store):
    """A sensitive dimension on a card (no counts) gives its mix as a share of the most even
    spread over its groups the people at the table could have, never above 100 %."""
    plan_svc.plan_event(demo_store, seconds=0.3, seed=4)
    with demo_store.session() as s:
        view = seating.seating(s)
    sens = [c for card in view.tables for c in card.composition if c.sensitive]
    assert sens and all(c.counts == {} and 0.0 < c.mix <= 1.0 for c in sens)
    assert any(c.mix > c.blau for c in sens)  # the raw index never reaches 1
    assert seating._even_blau(4, 2) == 0.5 and seating._even_blau(3, 5) == 1 - 3 / 9
