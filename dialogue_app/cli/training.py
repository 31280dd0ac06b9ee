"""``dialogue-app demo-training FILE``, ``trainees FILE`` and ``practice FILE``: training events."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import (
    add_file,
    add_json,
    add_seed,
    check_not_overwriting,
    file_only,
    opened,
    print_json,
)
from dialogue_app.i18n import gettext as _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo-training", help=command_help("demo-training"))
    add_file(p)
    p.add_argument("--trainees", type=int, default=16, metavar="N",
                   help=_("how many fictional trainees (default 16)"))
    add_seed(p, 1)
    p.add_argument("--no-gui", action="store_true", help=_("only write the file"))
    p.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    p.set_defaults(func=cmd_demo_training)

    p = sub.add_parser("trainees", help=command_help("trainees"))
    add_file(p)
    p.add_argument("--ready", action="store_true", help=_("only trainees ready to facilitate"))
    add_json(p)
    p.set_defaults(func=cmd_trainees)

    p = sub.add_parser("practice", help=command_help("practice"))
    add_file(p)
    p.add_argument("--size", type=int, default=5, metavar="N", help=_("trainees per practice table"))
    p.add_argument("--rounds", type=int, metavar="N", help=_("number of rounds (default: until everyone has "
                                                               "facilitated)"))
    add_seed(p, 0)
    add_json(p)
    p.set_defaults(func=cmd_practice)


def cmd_demo_training(args: argparse.Namespace) -> int:
    from dialogue_app.services.training.demo import create_demo_training
    from dialogue_app.training.demo import check_trainees

    file_only(args.file)
    path = Path(args.file)
    if path.suffix != ".dialogue":
        path = path.with_name(path.name + ".dialogue")
    check_trainees(args.trainees)
    check_not_overwriting(path, args.force)
    written = create_demo_training(path, trainees=args.trainees, seed=args.seed, lang=i18n.current_language())
    print(_("Wrote the demo training event {path}.").format(path=written))
    if args.no_gui:
        return 0
    from dialogue_app.cli.gui import launch_gui

    return launch_gui(written)


def cmd_trainees(args: argparse.Namespace) -> int:
    from dialogue_app.services import training as tr
    from dialogue_app.training.readiness import STEP_LABELS

    with opened(args.file, read_only=True) as store, store.session() as s:
        rows = tr.ready_trainees(s) if args.ready else tr.list_trainees(s)
    if args.json:
        print_json([dataclasses.asdict(t) for t in rows])
        return 0
    for t in rows:
        state = _("ready") if t.ready else _("missing: {steps}").format(
            steps=", ".join(_(STEP_LABELS[m]) for m in t.missing))
        print(f"{t.name} ({t.city}) — {state}")
    print(i18n.ngettext("{n} trainee", "{n} trainees", len(rows)).format(n=len(rows)))
    return 0


def cmd_practice(args: argparse.Namespace) -> int:
    from dialogue_app.services import training as tr

    with opened(args.file) as store, store.session() as s:
        summary = tr.plan_practice(s, size=args.size, rounds=args.rounds, seed=args.seed)
        tables = tr.list_practice(s)
    if args.json:
        print_json({"summary": dataclasses.asdict(summary), "tables": [dataclasses.asdict(t) for t in tables]})
        return 0
    for t in tables:
        print(_("Round {r}, table {n}: {facilitator} facilitates; {members}").format(
            r=t.round, n=t.number, facilitator=t.facilitator, members=", ".join(t.members[1:])))
    print(_("{rounds} rounds at {tables} tables; {repeats} repeated pairs.").format(
        rounds=summary.rounds, tables=summary.tables, repeats=summary.repeated_pairs))
    return 0
