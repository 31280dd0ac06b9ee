"""``dialogue-app import FILE PEOPLE.csv|PEOPLE.xlsx``: import a registration list.

Prints the validation report (counts, issues with row / column / problem,
unmapped columns, new categories), then writes the people unless ``--dry-run``.
Exit 0 when rows were imported (or would be); exit 1 with nothing written
when the file has errors and ``--valid-only`` is not given.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_file, add_json, opened, print_json, printable
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help=command_help("import"))
    add_file(p)
    p.add_argument("people", metavar=_("PEOPLE"), help=_("the list of people (.csv or .xlsx)"))
    p.add_argument("--dry-run", action="store_true", help=_("check the list and report; write nothing"))
    p.add_argument("--valid-only", action="store_true",
                   help=_("import the rows without errors and skip the others"))
    add_json(p, _("print the report as JSON"))
    p.add_argument("--sheet", metavar=_("NAME"), help=_("the sheet of a workbook (default: the first)"))
    p.add_argument("--encoding", metavar=_("ENCODING"),
                   choices=("utf-8", "cp1252", "cp1250", "cp1251", "cp1254", "mac_roman", "utf-16"),
                   help=_("read a CSV file in this encoding instead of guessing it: {choices}").format(
                       choices="utf-8, cp1252, cp1250, cp1251, cp1254, mac_roman, utf-16"))
    p.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from dialogue_app.importing import read_table
    from dialogue_app.importing.mapping import guess_mapping_explained
    from dialogue_app.importing.model import field_label
    from dialogue_app.importing.report import format_issue, summary_counts
    from dialogue_app.services.events import list_dimensions
    from dialogue_app.services.importing import apply, validate

    table = read_table(Path(args.people), sheet=args.sheet, encoding=args.encoding)
    with opened(args.file, read_only=args.dry_run) as store:
        with store.reader() as s:
            dims = list_dimensions(s)
            mapping, close = guess_mapping_explained(table.headers, dims)
            preview = validate(s, table, mapping)
        counts = summary_counts(preview)
        blocked = bool(preview.errors) and not args.valid_only
        result = None
        if not args.dry_run and not blocked and counts["valid_rows"]:
            with store.session() as s:
                result = apply(s, preview, valid_only=args.valid_only)
    names = {d.key: d.name for d in dims}
    close_notes = [_("Column “{header}” is taken as “{field}” (close match).").format(
        header=table.headers[c].strip(), field=field_label(f, names)) for c, f in sorted(close.items())]
    importable = counts["valid_rows"] > 0 and not blocked
    if args.json:
        print_json({
            "rows": counts["rows"],
            "valid_rows": counts["valid_rows"],
            "created": result.created if result else 0,
            "updated": result.updated if result else 0,
            "unchanged": result.unchanged if result else 0,
            "would_create": counts["new"],
            "would_update": counts["existing"],
            "issues": [{"row": i.row, "column": i.column, "message": i.message, "severity": i.severity}
                       for i in preview.issues],
            "unmapped_columns": preview.unmapped_columns,
            "new_categories": {names.get(k, k): v for k, v in preview.new_categories.items()},
            "encoding": table.encoding,
            "encoding_guessed": table.encoding_guessed,
            "close_matches": {table.headers[c].strip(): f for c, f in sorted(close.items())},
            "delimiter": table.delimiter,
            "written": result is not None,
            "dry_run": bool(args.dry_run),
        })
        return 0 if importable else 1
    print(ngettext("{n} row read from {path}.", "{n} rows read from {path}.", counts["rows"]).format(
        n=counts["rows"], path=table.source))
    print(_("{valid} rows without errors: {new} new people, {existing} already in the event.").format(
        valid=counts["valid_rows"], new=counts["new"], existing=counts["existing"]))
    print(_("{errors} errors, {warnings} warnings.").format(errors=counts["errors"], warnings=counts["warnings"]))
    if close_notes:
        print()
        for note in close_notes:
            print(f"  [{_('warning')}] {printable(note)}")
    if preview.issues:
        print()
        for issue in preview.issues:
            tag = _("error") if issue.severity == "error" else _("warning")
            print(f"  [{tag}] {printable(format_issue(issue))}")
    if preview.unmapped_columns:
        print()
        print(printable(_("Columns not imported: {columns}").format(columns=", ".join(preview.unmapped_columns))))
    if preview.new_categories:
        print()
        print(_("New categories:"))
        for key, labels in preview.new_categories.items():
            print(printable(f"  {names.get(key, key)}: {', '.join(labels)}"))
    print()
    if result is not None:
        print(_("Imported: {created} new, {updated} updated, {unchanged} unchanged, {skipped} rows skipped.").format(
            created=result.created, updated=result.updated, unchanged=result.unchanged,
            skipped=result.skipped_rows))
    elif blocked:
        print(_("Nothing was imported: fix the errors, or use --valid-only to import the rows without errors."))
    elif args.dry_run:
        print(_("Dry run: nothing was written."))
    else:
        print(_("Nothing to import."))
    return 0 if importable else 1
