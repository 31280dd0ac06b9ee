"""``dialogue-app print FILE KIND -o OUT.pdf``: a printed document with its layout options.

``dialogue-app export`` makes the same documents with the defaults; ``print`` adds
the label layout of the badges and the variant of the paper survey forms.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dialogue_app import exports, i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_file, add_output, message_stream, opened, output_path
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _

KINDS = ("badges", "table-cards", "facilitator-guide", "survey-forms", "commitment-cards", "report")


def register(sub: argparse._SubParsersAction) -> None:
    from dialogue_app.printing.badges import DEFAULT_LAYOUT, LAYOUTS

    p = sub.add_parser("print", help=command_help("print"))
    add_file(p)
    p.add_argument("kind", metavar=_("KIND"), choices=KINDS, help=_("one of: {kinds}").format(kinds=", ".join(KINDS)))
    add_output(p, _("the PDF file to write (with --per-table: the folder to write the PDFs into)"))
    p.add_argument("--table", type=int, action="append", default=[], metavar="N",
                   help=_("only this table (repeatable)"))
    p.add_argument("--lang", dest="doc_lang", metavar="LL", help=_("language of the document"))
    p.add_argument("--layout", choices=tuple(LAYOUTS), default=DEFAULT_LAYOUT,
                   help=_("badges: label layout (default {default})").format(default=DEFAULT_LAYOUT))
    p.add_argument("--order", choices=("table", "name"), default="table",
                   help=_("badges: by table (default) or by name (last name, then first name)"))
    p.add_argument("--per-table", action="store_true",
                   help=_("table cards: one PDF per table, written into the folder given with -o"))
    p.add_argument("--anonymous", action="store_true",
                   help=_("survey forms: boxes for the self-generated code instead of the participant's QR code"))
    p.add_argument("--waves", default="before,after",
                   help=_("survey forms: waves to print, e.g. before,after (default) or follow-up"))
    p.set_defaults(func=cmd_print)


def cmd_print(args: argparse.Namespace) -> int:
    per_table = args.per_table and args.kind == "table-cards"
    if args.per_table and not per_table:
        raise UserInputError(_("--per-table is for table cards only."))
    out = folder_path(args.output) if per_table else output_path(args.output, args)
    lang = None
    if args.doc_lang:
        lang = i18n.normalise_language(args.doc_lang)
        if lang != args.doc_lang.lower()[:2]:
            raise UserInputError(_("Unknown language “{code}”; choose one of: {langs}.").format(
                code=args.doc_lang, langs=", ".join(i18n.available_languages())))
    extra: dict = {}
    if args.kind == "badges":
        extra["layout"] = args.layout
        extra["order"] = args.order
    if args.kind == "table-cards":
        extra["split"] = "table" if per_table else "none"
    if args.kind == "survey-forms":
        extra.update(anonymous=args.anonymous, waves=args.waves)
    options = exports.ExportOptions(tables=tuple(args.table), lang=lang, extra=extra)
    before = _pdfs(out) if per_table else {}
    with opened(args.file, read_only=True) as store:
        n = exports.run_export(store, args.kind, out, options)
    if per_table:
        files = sum(1 for name, stamp in _pdfs(out).items() if before.get(name) != stamp)  # written now
        print(i18n.ngettext("Wrote {n} PDF into {path}.", "Wrote {n} PDFs into {path}.", files).format(
            n=files, path=out))
        return 0
    print(i18n.ngettext("Wrote {n} item to {path}.", "Wrote {n} items to {path}.", n).format(n=n, path=out),
          file=message_stream(out))
    return 0


def _pdfs(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pdf")} if folder.is_dir() else {}


def folder_path(text: str) -> Path:
    """An output folder: an existing folder, or a new one in an existing folder."""
    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise UserInputError(_("{path} is a file; choose a folder for one PDF per table.").format(path=path))
    if not path.parent.exists():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=path.parent))
    return path
