"""Commands for working offline: package, merge, backups, restore-backup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_file, add_json, add_output, file_only, opened, output_path, print_json
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.storage import backups


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("package", help=command_help("package"))
    add_file(p)
    p.add_argument("--table", type=int, action="append", default=[], metavar="N",
                   help=_("a table number (repeat for several tables)"))
    p.add_argument("--all", action="store_true",
                   help=_("one package for every table, all written into the folder given with -o"))
    p.add_argument("--each", action="store_true",
                   help=_("one package per table given with --table, written into the folder given with -o"))
    add_output(p, _("the table package to write (.dialogue); with --all or --each the folder for the packages"))
    p.add_argument("--with-contacts", action="store_true",
                   help=_("include last names, e-mail addresses and phone numbers"))
    add_json(p)
    p.set_defaults(func=cmd_package)

    p = sub.add_parser("merge", help=command_help("merge"))
    add_file(p)
    p.add_argument("packages", nargs="+", metavar=_("PACKAGE"), help=_("one or more table packages"))
    p.add_argument("--prefer", choices=("ours", "theirs"),
                   help=_("for records changed in both places: keep this file's value (ours) "
                          "or the package's (theirs); without it, conflicts stop the merge"))
    p.add_argument("--dry-run", action="store_true", help=_("only report what would change"))
    add_json(p)
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("backups", help=command_help("backups"))
    add_file(p)
    add_json(p)
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("restore-backup", help=command_help("restore-backup"))
    add_file(p)
    p.add_argument("backup", metavar=_("BACKUP"), help=_("a backup file, or its number in the “backups” list"))
    p.add_argument("--force", action="store_true",
                   help=_("restore even a backup of another event or a table package"))
    p.set_defaults(func=cmd_restore)


def cmd_package(args: argparse.Namespace) -> int:
    from dialogue_app.services.offline.package import make_package

    file_only(args.file)
    if args.all or args.each:
        return cmd_packages(args)
    if not args.table:
        raise UserInputError(_("Give the tables with --table N, or --all for one package per table."))
    out = output_path(args.output)
    with opened(args.file, read_only=True) as store:
        result = make_package(store, args.table, out, with_contacts=args.with_contacts, overwrite=args.force)
    if args.json:
        print_json({"path": str(result.path), "package_id": str(result.package_id),
                    "tables": list(result.table_numbers), "people": result.people, "rows": result.rows,
                    "with_contacts": result.with_contacts})
        return 0
    print(ngettext("Wrote the package {path} ({people} person).", "Wrote the package {path} ({people} people).",
                   result.people).format(path=result.path, people=result.people))
    return 0


def cmd_packages(args: argparse.Namespace) -> int:
    """package --all / --each: one package per table into a folder."""
    from dialogue_app.services.offline.package import make_packages, packable_tables

    if args.each and not args.table:
        raise UserInputError(_("--each needs the tables with --table N (or use --all)."))
    folder = Path(args.output).expanduser()
    if not folder.parent.exists():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=folder.parent))
    with opened(args.file, read_only=True) as store:
        numbers = args.table
        if args.all:
            with store.session() as s:
                numbers = [t.number for t in packable_tables(s)]
        results = make_packages(store, numbers, folder, with_contacts=args.with_contacts, overwrite=args.force)
    if args.json:
        print_json([{"path": str(r.path), "package_id": str(r.package_id), "tables": list(r.table_numbers),
                     "people": r.people, "rows": r.rows, "with_contacts": r.with_contacts} for r in results])
        return 0
    print(ngettext("Wrote {n} package into {folder}.", "Wrote {n} packages into {folder}.", len(results)).format(
        n=len(results), folder=folder))
    for r in results:
        print("  " + r.path.name)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from dialogue_app.services.offline.merge import MergeConflicts, merge_packages

    file_only(args.file)
    with opened(args.file) as store:
        try:
            if not args.dry_run:
                backups.make_backup(store, label="before-merge")
            report = merge_packages(store, args.packages, prefer=args.prefer, dry_run=args.dry_run)
        except MergeConflicts as exc:
            if args.json:
                print_json(exc.report.as_dict())
            raise
    if args.json:
        print_json(report.as_dict())
        return 0
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    print(_("Added {inserted}, updated {updated}, deleted {deleted} records.").format(
        inserted=report.inserted, updated=report.updated, deleted=report.deleted))
    if report.conflicts:
        print(ngettext("{n} conflict resolved by --prefer {prefer}.", "{n} conflicts resolved by --prefer {prefer}.",
                       len(report.conflicts)).format(n=len(report.conflicts), prefer=args.prefer))
        for c in report.conflicts:
            print("  " + c.describe())
    for c in report.unresolved:
        print("  " + c.describe())
    if report.ignored:
        print(ngettext("{n} record of a package was ignored (changed outside the app or outside its tables):",
                       "{n} records of packages were ignored (changed outside the app or outside their tables):",
                       len(report.ignored)).format(n=len(report.ignored)))
        for line in report.ignored:
            print("  " + line)
    if report.kept:
        print(ngettext("{n} record deleted in a package was kept here:", "{n} records deleted in packages were kept here:",
                       len(report.kept)).format(n=len(report.kept)))
        for label in report.kept:
            print("  " + label)
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    file_only(args.file)
    found = backups.list_backups(args.file)
    if args.json:
        print_json([{"number": i + 1, "path": str(b.path), "taken_at": b.taken_at.isoformat(), "size": b.size,
                     "label": b.label} for i, b in enumerate(found)])
        return 0
    if not found:
        print(_("No backups of {path}.").format(path=args.file))
        return 0
    for i, b in enumerate(found, 1):
        when = i18n.format_date(b.taken_at.date()) + " " + b.taken_at.strftime("%H:%M:%S")
        sys.stdout.write(f"{i:3}  {when}  {i18n.format_number(b.size // 1024)} KB  {b.label}  {b.path}\n")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    file_only(args.file)
    backup = Path(args.backup)
    if args.backup.isdigit() and not backup.exists():
        found = backups.list_backups(args.file)
        n = int(args.backup)
        if not 1 <= n <= len(found):
            raise NotFound(_("There is no backup number {n}.").format(n=n))
        backup = found[n - 1].path
    try:
        safety = backups.restore_backup(args.file, backup, force=args.force)
    except backups.NotThisEventsBackup as exc:
        raise UserInputError(exc.message + " " + _("Nothing was changed; add --force if you really mean it.")) from exc
    print(_("Restored {path} from {backup}.").format(path=args.file, backup=backup))
    if safety:
        print(_("The file as it was is kept as {copy}.").format(copy=safety))
    return 0
