"""``impact EXPORT.sqlite… -o OUT.pdf [--json] [--xlsx]``: pool the survey exports of many events."""

from __future__ import annotations

import argparse
from pathlib import Path

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import print_json
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("impact", help=command_help("impact"))
    p.add_argument("exports", nargs="+", metavar=_("EXPORT.sqlite"),
                   help=_("survey SQLite exports (“survey-sqlite”) of the events"))
    p.add_argument("-o", "--output", metavar=_("OUT.pdf"), help=_("write the impact report as PDF"))
    p.add_argument("--json", action="store_true", help=_("print the pooled results as JSON"))
    p.add_argument("--xlsx", metavar=_("OUT.xlsx"), help=_("also write the results as a spreadsheet"))
    p.add_argument("--report-lang", metavar="LL", help=_("language of the report (default: the events' language)"))
    p.set_defaults(func=cmd_impact)


def cmd_impact(args: argparse.Namespace) -> int:
    from dialogue_app.impact.analysis import build_report
    from dialogue_app.impact.reader import read_export
    from dialogue_app.impact.report_pdf import write_impact_pdf
    from dialogue_app.impact.tables import to_json, write_xlsx

    if not (args.output or args.json or args.xlsx):
        raise UserInputError(_("Say what to make: -o OUT.pdf, --json or --xlsx OUT.xlsx."))
    exports = [read_export(p) for p in args.exports]
    seen: dict[str, str] = {}
    for p in args.exports:
        key = str(Path(p).resolve())
        if key in seen:
            raise UserInputError(_("{path} is given twice.").format(path=p))
        seen[key] = p
    langs = [e.language for e in exports if e.language]
    lang = args.report_lang or (max(set(langs), key=langs.count) if langs else None)
    with i18n.language(lang):
        report = build_report(exports)
        if args.output:
            write_impact_pdf(report, Path(args.output))
        if args.xlsx:
            write_xlsx(report, Path(args.xlsx))
        if args.json:
            print_json(to_json(report))
        else:
            print(i18n.ngettext("Impact report of {n} event written.", "Impact report of {n} events written.",
                                len(exports)).format(n=len(exports)))
    return 0
