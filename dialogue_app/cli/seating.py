"""``dialogue-app checkin``: mark a person present by participant code."""

from __future__ import annotations

import argparse

from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_file, add_json, opened, print_json
from dialogue_app.i18n import gettext as _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("checkin", help=command_help("checkin"))
    add_file(p)
    p.add_argument("code", metavar=_("CODE"), help=_("the person's participant code"))
    p.add_argument("--round", type=int, default=1, metavar="R", help=_("the round (default 1)"))
    add_json(p)
    p.set_defaults(func=cmd_checkin)


def cmd_checkin(args: argparse.Namespace) -> int:
    from dialogue_app.services import seating

    with opened(args.file) as store, store.session() as s:
        r = seating.check_in(s, args.code, args.round)
    if args.json:
        print_json({"code": r.code, "name": r.name, "table": r.table, "already_present": r.already,
                    "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
                    "later_tables": list(r.later)})
        return 0
    if r.table is None:
        msg = _("{name} is present; no table yet.")
    elif r.already:
        msg = _("{name} was already checked in: table {table}.")
    else:
        msg = _("{name} is present: table {table}.")
    then = seating.then_text(r)
    text = msg.format(name=r.name, table=r.table)
    if r.already and r.table is not None:  # perhaps at another door a moment ago: when
        from dialogue_app.services.seating.door_checks import already_text

        text = already_text(r.name, r.checked_in_at, r.table) or text
    print(f"{text.rstrip('.')} {then}." if then else text)
    return 0
