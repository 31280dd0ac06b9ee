"""``dialogue-app export FILE KIND -o OUT``: every export kind of dialogue_app.exports."""

from __future__ import annotations

import argparse

from dialogue_app import exports, i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_file, add_output, message_stream, opened, output_path
from dialogue_app.i18n import gettext as _


def register(sub: argparse._SubParsersAction) -> None:
    kinds = [s.kind for s in exports.EXPORTS]
    p = sub.add_parser("export", help=command_help("export"))
    add_file(p)
    p.add_argument("kind", metavar=_("KIND"), help=_("one of: {kinds}").format(kinds=", ".join(kinds)))
    add_output(p, _("the file to write"))
    p.add_argument("--table", type=int, action="append", default=[], metavar="N",
                   help=_("only this table (repeatable)"))
    p.add_argument("--lang", dest="doc_lang", metavar="LL", help=_("language of the document"))
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    spec = exports.spec(args.kind)
    out = output_path(args.output, args)
    lang = None
    if args.doc_lang:
        lang = i18n.normalise_language(args.doc_lang)
        if lang != args.doc_lang.lower()[:2]:
            from dialogue_app.errors import UserInputError

            raise UserInputError(
                _("Unknown language “{code}”; choose one of: {langs}.").format(
                    code=args.doc_lang, langs=", ".join(i18n.available_languages())
                )
            )
    options = exports.ExportOptions(tables=tuple(args.table), lang=lang)
    with opened(args.file, read_only=True) as store:
        n = exports.run_export(store, spec.kind, out, options)
    print(i18n.ngettext("Wrote {n} item to {path}.", "Wrote {n} items to {path}.", n).format(n=n, path=out),
          file=message_stream(out))
    return 0
