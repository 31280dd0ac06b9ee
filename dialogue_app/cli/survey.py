"""Survey commands: ``import-survey FILE RESPONSES.csv`` and ``report FILE [--json]``."""

from __future__ import annotations

import argparse
import math

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_file, add_json, opened, print_json
from dialogue_app.errors import ImportRejected
from dialogue_app.i18n import gettext as _
from dialogue_app.survey import instrument as ins


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-survey", help=command_help("import-survey"))
    add_file(p)
    p.add_argument("responses", metavar=_("RESPONSES.csv"), help=_("the survey answers (.csv or .xlsx)"))
    add_json(p, _("print the result or the problems as JSON"))
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("report", help=command_help("report"))
    add_file(p)
    add_json(p, _("print JSON instead of a readable summary"))
    p.set_defaults(func=cmd_report)


def cmd_import(args: argparse.Namespace) -> int:
    from dialogue_app.services import survey as svc

    with opened(args.file) as store:
        try:
            with store.session() as s:
                result = svc.import_responses(s, args.responses)
        except ImportRejected as exc:
            if not args.json:
                raise
            with store.session() as s:
                _data, problems = svc.parse_import(s, args.responses)
            print_json({"imported": 0, "message": exc.message,
                        "problems": [{"row": p.row, "column": p.column, "problem": p.problem} for p in problems]})
            return 1
    if args.json:
        print_json({"imported": result.forms, "by_wave": result.by_wave, "problems": []})
    else:
        print(i18n.ngettext("Imported {n} survey form.", "Imported {n} survey forms.", result.forms)
              .format(n=result.forms))
    return 0


def _pct(x: float | None) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else i18n.format_percent(x)


def _p(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return "< " + i18n.format_decimal(0.001, 3) if x < 0.001 else i18n.format_decimal(x, 3)


def cmd_report(args: argparse.Namespace) -> int:
    from dialogue_app.services import survey as svc

    with opened(args.file, read_only=True) as store, store.session() as s:
        report = svc.survey_report(s)
    if args.json:
        print_json(report.to_json())
        return 0
    basis = _("participants present") if report.basis == "present" else _("registered participants")
    print(_("Survey of {n} {basis}").format(n=report.participants, basis=basis))
    for w in ins.WAVES:
        if report.respondents.get(w):
            print("  " + _("{wave}: {n} forms, response rate {rate}").format(
                wave=ins.wave_label(w), n=report.respondents[w], rate=_pct(report.response_rate.get(w))))
    print("  " + _("Linked before–after: {n} ({rate} of the after forms; {code} by code, {sgc} by "
                   "self-generated code)").format(n=report.matched, rate=_pct(report.match_rate),
                                                  code=report.matched_by_code, sgc=report.matched_by_sgc))
    print()
    for r in report.items:
        if r.analysis == "after-share":
            if r.headline:
                line = r.headline
            else:
                line = _("{label}: {pct}").format(label=r.label, pct=_pct(r.share))
            print(_("{line} (n = {n}; 95% CI {lo}–{hi})").format(line=line, n=r.n, lo=_pct(r.ci_low),
                                                                  hi=_pct(r.ci_high)))
        elif r.analysis == "paired-yes-no":
            print(_("{label}: {n} pairs, {no_yes} changed no → yes, {yes_no} yes → no; McNemar p = {p} "
                    "(Holm {ph})").format(label=r.label, n=r.n, no_yes=r.no_to_yes, yes_no=r.yes_to_no,
                                          p=_p(r.p_value), ph=_p(r.p_holm)))
        else:
            print(_("{label}: {n} pairs, {up} improved, {same} unchanged, {down} worsened; Wilcoxon p = {p} "
                    "(Holm {ph}), rank-biserial r = {r}").format(
                label=r.label, n=r.n, up=_pct(r.improved), same=_pct(r.unchanged), down=_pct(r.worsened),
                p=_p(r.p_value), ph=_p(r.p_holm),
                r="–" if r.effect_size is None or not r.n else i18n.format_decimal(r.effect_size, 2)))
    return 0
