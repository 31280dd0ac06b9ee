"""Privacy commands: forget a person, purge after retention, subject access, overview."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import (
    add_file,
    add_json,
    add_output,
    message_stream,
    opened,
    output_path,
    print_json,
)
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _

if TYPE_CHECKING:
    from dialogue_app.services import privacy


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forget", help=command_help("forget"))
    add_file(p)
    p.add_argument("code", metavar=_("CODE"), help=_("the person's participant code"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.set_defaults(func=cmd_forget)

    p = sub.add_parser("purge", help=command_help("purge"))
    add_file(p)
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("subject-access", help=command_help("subject-access"))
    add_file(p)
    p.add_argument("code", metavar=_("CODE"), help=_("the person's participant code"))
    add_output(p, _("the JSON file to write"))
    p.set_defaults(func=cmd_subject_access)

    p = sub.add_parser("privacy", help=command_help("privacy"))
    add_file(p)
    add_json(p)
    p.add_argument("--set-retention", metavar="YYYY-MM-DD",
                   help=_("set the date after which the event's personal data is anonymised"))
    p.set_defaults(func=cmd_privacy)


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise UserInputError(_("Add --yes to confirm (no terminal to ask)."))
    answer = input(question + " " + _("[y/N]") + " ").strip().lower()
    if answer not in (_("y"), _("yes"), "y", "yes"):
        raise UserInputError(_("Nothing was changed."))


def _report_cleanup(cleanup: privacy.CleanupResult) -> None:
    print(i18n.ngettext("Removed {n} backup that still held the data.",
                        "Removed {n} backups that still held the data.", len(cleanup.backups_removed))
          .format(n=len(cleanup.backups_removed)))
    print(_("Copies and exports you made yourself are not touched: delete them too."))


def cmd_forget(args: argparse.Namespace) -> int:
    from dialogue_app.services import privacy
    from dialogue_app.services.privacy import suppression

    with opened(args.file) as store:
        with store.session() as s:
            try:
                hit = privacy.person_by_code(s, args.code)
            except NotFound:
                if not suppression.is_suppressed_code(s, args.code):
                    raise
                hit = None
        if hit is None:  # forgotten before: finish what an interrupted run left (reader, kill, full disk)
            privacy.finish_erasure(store)
            print(_("The person with code {code} was already forgotten; the file and its backups are now "
                    "checked clean.").format(code=args.code.strip()))
            print(_("Copies and exports you made yourself are not touched: delete them too."))
            return 0
        _confirm(_("Forget {name} ({code}) everywhere? This cannot be undone.").format(name=hit.name, code=hit.code),
                 args.yes)
        result, cleanup = privacy.forget(store, hit.id)
    print(_("Forgot the person with code {code}: {rows} records deleted, {anon} kept anonymously, "
            "{mentions} mentions redacted.").format(code=hit.code, rows=result.deleted_rows,
                                                    anon=result.anonymised_rows, mentions=result.redacted_mentions))
    if result.tables:
        print(_("Tables to rebalance: {tables}").format(tables=", ".join(map(str, result.tables))))
    _report_cleanup(cleanup)
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from dialogue_app.services import privacy

    with opened(args.file) as store:
        with store.session() as s:
            status = privacy.retention_status(s)
        if status.date is None or not status.past:
            when = i18n.format_date(status.date) if status.date else _("not set")
            print(_("Note: the retention date ({date}) has not passed yet.").format(date=when), file=sys.stderr)
        _confirm(i18n.ngettext("Anonymise {n} person of this event? This cannot be undone.",
                               "Anonymise all {n} people of this event? This cannot be undone.", status.people)
                 .format(n=status.people), args.yes)
        result, cleanup = privacy.purge(store)
    print(i18n.ngettext("Anonymised {n} person; commitments and survey answers stay as anonymous records.",
                        "Anonymised {n} people; commitments and survey answers stay as anonymous records.",
                        result.people).format(n=result.people))
    _report_cleanup(cleanup)
    return 0


def cmd_subject_access(args: argparse.Namespace) -> int:
    from dialogue_app.services import privacy

    out = output_path(args.output, args)
    with opened(args.file, read_only=True) as store:
        privacy.write_subject_access(store, args.code, out)
    print(_("Wrote everything held about {code} to {path}.").format(code=args.code.strip(), path=out),
          file=message_stream(out))
    return 0


def cmd_privacy(args: argparse.Namespace) -> int:
    from dialogue_app.services import privacy

    if args.set_retention:
        try:
            date = dt.date.fromisoformat(args.set_retention)
        except ValueError:
            raise UserInputError(_("--set-retention must look like 2027-11-05 (got “{text}”).").format(
                text=args.set_retention)) from None
        with opened(args.file) as store, store.session() as s:
            privacy.set_retention_date(s, date)
    with opened(args.file, read_only=True) as store, store.session() as s:
        facts = privacy.privacy_facts(store, s)
        log = privacy.privacy_log(s)
    r = facts.retention
    if args.json:
        print_json({
            "file": str(facts.path), "backups": [str(p) for p in facts.backups],
            "retention_date": r.date.isoformat() if r.date else None, "past_retention": r.past, "people": r.people,
            "consent": [{"dimension": c.key, "active": c.active, "withdrawn": c.withdrawn, "values": c.values,
                         "prefer_not_to_say": c.prefer_not, "without_consent": c.without_consent}
                        for c in facts.consent],
            "log": [{"at": r.at.isoformat(), "action": r.action, "people": r.people, "deleted": r.deleted,
                     "anonymised": r.anonymised, "redacted": r.redacted, "detail": r.detail} for r in log],
        })
        return 0
    out = sys.stdout
    out.write(_("Event file: {path}").format(path=facts.path) + "\n")
    out.write(_("Backups made by the app: {n}").format(n=len(facts.backups)) + "\n")
    for b in facts.backups:
        out.write(f"  {b}\n")
    when = i18n.format_date(r.date) if r.date else _("not set")
    out.write(_("Retention date: {date}").format(date=when) + (("  " + _("(passed: purge now)")) if r.past else "")
              + "\n")
    out.write(_("People: {n}").format(n=r.people) + "\n")
    for c in facts.consent:
        out.write(_("{name}: {active} consented, {withdrawn} withdrew, {values} values, {pnts} prefer not to say, "
                    "{bad} without consent").format(name=c.name, active=c.active, withdrawn=c.withdrawn,
                                                    values=c.values, pnts=c.prefer_not, bad=c.without_consent) + "\n")
    if log:
        out.write(_("Privacy log:") + "\n")
    for entry in log:
        out.write(f"  {i18n.format_datetime(entry.at, 'short')}  {entry.label}  {entry.detail}".rstrip() + "\n")
    return 0
