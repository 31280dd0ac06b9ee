"""``dialogue-app plan``: plan the tables and store the plan."""

from __future__ import annotations

import argparse
import sys

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_file, add_json, add_seed, opened, print_json
from dialogue_app.i18n import gettext as _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help=command_help("plan"))
    add_file(p)
    p.add_argument("--round", type=int, default=1, metavar="R", help=_("the (first) round to plan"))
    p.add_argument("--rounds", type=int, default=1, metavar="N", help=_("how many rounds to plan"))
    p.add_argument("--seconds", type=float, default=None, metavar="S",
                   help=_("search time per round (default: 5 s, up to 30 s for large events)"))
    p.add_argument("--iterations", type=_iterations, default=None, metavar="N",
                   help=_("search work per round: the same file, seed and iterations give the same plan on any "
                          "machine (--seconds, if given, still caps the time)"))
    p.add_argument("--no-facilitator-rule", dest="facilitator_rule", action="store_false",
                   help=_("plan without the rule that each table has a facilitator (facilitators not assigned "
                          "yet)"))
    add_seed(p, 0)
    add_json(p)
    p.set_defaults(func=cmd_plan)


def _iterations(text: str) -> int:
    """``--iterations``: a whole number from 1 (a clear message otherwise)."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(_("The number of iterations must be a whole number from 1."))
    return n


def cmd_plan(args: argparse.Namespace) -> int:
    from dialogue_app.services import planning as planning_service

    with opened(args.file) as store:
        try:
            reports = planning_service.plan_event(store, round_no=args.round, rounds=args.rounds,
                                                  seconds=args.seconds, seed=args.seed,
                                                  iterations=args.iterations,
                                                  facilitator_rule=args.facilitator_rule)
        except planning_service.PlanInfeasible as exc:
            return _infeasible(store, exc, args)
    if args.json:
        out = reports[0].to_json()
        out["seconds"] = round(sum(r.seconds for r in reports), 3)
        if len(reports) > 1:
            out["rounds"] = [r.to_json() for r in reports]
        print_json(out)
        return 0
    for r in reports:
        _print_round(r, planning_service)
    return 0


def _print_round(r, planning_service) -> None:
    """One round's plan in words (the text output of ``plan``)."""
    w = sys.stdout.write
    w(_("Round {round}: {tables} tables planned in {seconds} s.").format(
        round=r.round, tables=len(r.tables), seconds=i18n.format_decimal(r.seconds, 1)) + "\n")
    if r.upper_bound:
        w(_("Diversity {score} of at most {bound} ({share} of the upper bound).").format(
            score=i18n.format_decimal(r.score, 1), bound=i18n.format_decimal(r.upper_bound, 1),
            share=i18n.format_percent(r.share_of_bound or 0, 2)) + "\n")
        if r.random_share is not None and r.random_isolated is not None:
            alone = round(r.random_isolated)
            w(i18n.ngettext(
                "A random seating would reach {random}, but about {n} person would sit alone with their "
                "group (normalised regret {regret}).",
                "A random seating would reach {random}, but about {n} people would sit alone with their "
                "group (normalised regret {regret}).",
                alone).format(random=i18n.format_percent(r.random_share, 1), n=alone,
                              regret=i18n.format_decimal(r.normalised_regret or 0.0, 3)) + "\n")
        elif r.random_share is not None and r.normalised_regret is not None:
            w(_("A random seating would reach {random}; this plan closes {closed} of the gap to the "
                "upper bound (normalised regret {regret}).").format(
                random=i18n.format_percent(r.random_share, 1),
                closed=i18n.format_percent(1.0 - r.normalised_regret, 1),
                regret=i18n.format_decimal(r.normalised_regret, 3)) + "\n")
    if r.proven_optimal:
        w(_("optimal: no plan can mix more") + "\n")
    if not r.facilitator_rule:
        w(_("The rule that each table has a facilitator was off for this plan.") + "\n")
    if r.kept_text:
        w(r.kept_text + "\n")
    if r.worst_table is not None:
        w(_("Least diverse table: {table} (score {score}).").format(
            table=r.worst_table, score=i18n.format_decimal(r.worst_score or 0, 1)) + "\n")
    if r.round > 1:
        again = i18n.ngettext("{n} pair meets again.", "{n} pairs meet again.", r.repeated_pairs).format(
            n=r.repeated_pairs)
        if r.repeated_same_group:
            again = f"{again.rstrip('.')} {planning_service.same_group_text(r.repeated_same_group, r.repeated_pairs)}."
        w(again + "\n")
    if r.isolated:
        w(i18n.ngettext("{n} person is the only one of their group at their table.",
                        "{n} people are the only one of their group at their table.",
                        len(r.isolated)).format(n=len(r.isolated)) + "\n")
    for dimension, fewest, most in r.unknown_spread:
        w(_("{dimension}: {fewest} to {most} people per table did not say.").format(
            dimension=dimension, fewest=fewest, most=most) + "\n")


def _infeasible(store, exc, args: argparse.Namespace) -> int:
    """The impossible rules, with the smallest fix (checked: the rules can be met after it)."""
    from dialogue_app.services.seating.plan_fix import propose_fix

    fix = None
    for r in range(args.round, args.round + args.rounds):  # the first round that cannot be planned
        with store.session() as s:
            fix = propose_fix(s, r)
        if fix is not None:
            break
    if args.json:
        print_json({"feasible": False, "message": exc.message, "reasons": exc.details,
                    "fix": None if fix is None else fix.to_json()})
        return exc.exit_code
    if fix is not None:
        exc.details.append(fix.text)
    raise exc
