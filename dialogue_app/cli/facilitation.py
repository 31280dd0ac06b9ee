"""``dialogue-app schedule FILE`` and ``dialogue-app commitments FILE``: the script with the
planned times of a table, and the commitment counts for the report."""

from __future__ import annotations

import argparse
import dataclasses

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_file, add_json, opened, print_json
from dialogue_app.i18n import gettext as _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schedule", help=command_help("schedule"))
    add_file(p)
    p.add_argument("--table", type=int, metavar="N", help=_("the table number (default: the first table)"))
    add_json(p)
    p.set_defaults(func=cmd_schedule)

    p = sub.add_parser("commitments", help=command_help("commitments"))
    add_file(p)
    add_json(p)
    p.set_defaults(func=cmd_commitments)


def cmd_schedule(args: argparse.Namespace) -> int:
    from dialogue_app.errors import NotFound
    from dialogue_app.services import facilitation as fac
    from dialogue_app.services.tables import list_tables

    with opened(args.file, read_only=True) as store, store.session() as s:
        number = args.table
        if number is None:
            tables = list_tables(s)
            if not tables:
                raise NotFound(_("The event has no tables yet."))
            number = tables[0].number
        g = fac.guide_data(s, number)
    if args.json:
        print_json(dataclasses.asdict(g))
        return 0
    print(_("Table {n}").format(n=g.table_number) + (f" — {g.venue}" if g.venue else ""))
    for p in g.phases:
        when = f"{i18n.format_time(p.start)}–{i18n.format_time(p.end)}  " if p.start else ""
        print(f"{when}{p.title} ({p.minutes}′): {p.question}")
    print(i18n.ngettext("{n} minute in all", "{n} minutes in all", g.total_minutes).format(n=g.total_minutes))
    if g.warning:
        print(g.warning)
    return 0


def cmd_commitments(args: argparse.Namespace) -> int:
    from dialogue_app.services import commitments as cm

    with opened(args.file, read_only=True) as store, store.session() as s:
        c = cm.commitment_counts(s)
    if args.json:
        print_json(dataclasses.asdict(c))
        return 0
    print(i18n.ngettext("{n} commitment", "{n} commitments", c.total).format(n=c.total))
    for k, v in c.by_kind.items():
        print(f"  {cm.kind_label(k)}: {v}")
    print(_("Follow-up:"))
    for k, v in c.by_status.items():
        print(f"  {cm.status_label(k)}: {v}")
    return 0
