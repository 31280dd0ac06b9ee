"""``followup-consent FILE CODE… [--withdraw]``: record who agreed to be contacted about their commitment."""

from __future__ import annotations

import argparse

from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_file, opened
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("followup-consent", help=command_help("followup-consent"))
    add_file(p)
    p.add_argument("codes", nargs="+", metavar=_("CODE"), help=_("participant codes"))
    p.add_argument("--withdraw", action="store_true", help=_("record that the consent was withdrawn"))
    p.set_defaults(func=cmd_consent)


def cmd_consent(args: argparse.Namespace) -> int:
    from dialogue_app.services import followup

    with opened(args.file) as store, store.session() as s:
        for code in args.codes:
            followup.SetContactConsent(code, not args.withdraw, source="cli").apply(s)
    n = len(args.codes)
    print((ngettext("Consent to be contacted withdrawn for {n} participant.",
                    "Consent to be contacted withdrawn for {n} participants.", n) if args.withdraw else
           ngettext("Consent to be contacted recorded for {n} participant.",
                    "Consent to be contacted recorded for {n} participants.", n)).format(n=n))
    return 0
