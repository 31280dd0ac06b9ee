"""Commands about the event file itself: new, info, tables, open, demo."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import (
    add_file,
    add_json,
    add_seed,
    check_not_overwriting,
    file_only,
    opened,
    parse_range,
    print_json,
)
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _

if TYPE_CHECKING:
    from dialogue_app.services import events


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help=command_help("new"))
    add_file(p)
    p.add_argument("--title", required=True, help=_("the title of the event"))
    p.add_argument("--theme", default="", help=_("the theme of the dialogue"))
    p.add_argument("--date", help=_("the date of the event, YYYY-MM-DD"))
    p.add_argument("--language", default=None, metavar="LL", help=_("the event's language ({languages})").format(
        languages=", ".join(i18n.available_languages())))
    p.add_argument("--table-size", default="6-8", metavar="MIN-MAX",
                   help=_("people per table (default 6-8)"))
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("info", help=command_help("info"))
    add_file(p)
    add_json(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("tables", help=command_help("tables"))
    add_file(p)
    p.add_argument("--add", type=int, required=True, metavar="N", help=_("how many tables to add"))
    p.add_argument("--capacity", metavar="MIN-MAX", help=_("people per table (default: the event's table size)"))
    p.add_argument("--venue", default="", help=_("where the tables stand (room or venue)"))
    p.add_argument("--accessible", action="store_true", help=_("the tables are wheelchair accessible"))
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser("open", help=command_help("open"))
    add_file(p)
    p.set_defaults(func=cmd_open)

    p = sub.add_parser("demo", help=command_help("demo"))
    add_file(p, _("the event file to write (default: the demo event in the data folder)"), nargs="?")
    p.add_argument("--participants", type=int, default=120, metavar="N",
                   help=_("how many fictional participants (default 120)"))
    add_seed(p, 1)
    p.add_argument("--no-gui", action="store_true", help=_("only write the file"))
    p.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    p.set_defaults(func=cmd_demo)


def _event_language(code: str | None) -> str:
    if code is None:
        return i18n.current_language()
    lang = i18n.normalise_language(code)
    if lang != code.lower().split("_")[0].split("-")[0]:
        raise UserInputError(
            _("Unknown language “{code}”; choose one of: {langs}.").format(
                code=code, langs=", ".join(i18n.available_languages())
            )
        )
    return lang


def cmd_new(args: argparse.Namespace) -> int:
    from dialogue_app.services import events

    lo, hi = parse_range(args.table_size, "--table-size")
    target = (lo + hi + 1) // 2
    events.validate_table_sizes(lo, target, hi)
    date = None
    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            raise UserInputError(_("--date must look like 2026-11-05 (got “{text}”).").format(text=args.date)) from None
    lang = _event_language(args.language)
    from dialogue_app.storage.address import is_server_address

    if is_server_address(args.file):
        return _new_on_server(args.file, args.title, theme=args.theme, date=date, lang=lang,
                              table_sizes=(lo, target, hi))
    path = events.create_event_file(args.file, args.title, theme=args.theme, date=date, lang=lang,
                                    table_sizes=(lo, target, hi))
    print(_("Created {path}.").format(path=path))
    return 0


def _new_on_server(address: str, title: str, **event: object) -> int:
    """``new postgresql://…?event=NAME``: a new event on the server (removed again when its settings
    are refused, so no half-made event stays behind)."""
    from dialogue_app import storage
    from dialogue_app.services import events

    store = storage.create_event(address, title=title)
    try:
        with store.session() as s:
            events.create_event(s, title, **event)  # type: ignore[arg-type]
    except BaseException:
        from dialogue_app.storage import pg_server

        store.close()
        pg_server.drop_server_event(store.address)  # type: ignore[attr-defined]
        raise
    store.close()
    print(_("Created {path}.").format(path=store.label))
    return 0


def summary_dict(summary: events.EventSummary) -> dict:
    st = summary.settings
    return {
        "schema_version": summary.schema_version,
        "title": st.title,
        "theme": st.theme,
        "date": st.date.isoformat() if st.date else None,
        "language": st.language,
        "kind": st.kind,
        "table_size": {"min": st.table_size_min, "target": st.table_size_target, "max": st.table_size_max},
        "rounds": st.rounds,
        "retention_date": st.retention_date.isoformat() if st.retention_date else None,
        "people": {"total": summary.people_total, "by_role": summary.people_by_role,
                   "by_attendance": summary.attendance},
        "tables": {"count": summary.tables, "seats_min": summary.seats_min, "seats_max": summary.seats_max},
        "venues": summary.venues,
        "assigned": summary.assigned,
        "dimensions": [
            {"key": d.key, "name": d.name, "kind": d.kind, "weight": d.weight, "sensitive": d.sensitive,
             "dont_isolate": d.dont_isolate, "open": d.open, "categories": [c.label for c in d.categories]}
            for d in summary.dimensions
        ],
    }


def cmd_info(args: argparse.Namespace) -> int:
    from dialogue_app import storage
    from dialogue_app.services import events
    from dialogue_app.wording import role_label

    with opened(args.file, read_only=True) as store:
        version = ",".join(sorted(storage.schema_heads()))
        with store.session() as s:
            summary = events.summary(s, version)
    if args.json:
        print_json(summary_dict(summary))
        return 0
    st = summary.settings
    out = sys.stdout
    out.write(f"{st.title}\n")
    if st.theme:
        out.write(_("Theme: {theme}").format(theme=st.theme) + "\n")
    out.write(_("Date: {date}").format(date=i18n.format_date(st.date) or "–") + "\n")
    out.write(_("Schema version: {version}").format(version=summary.schema_version) + "\n")
    out.write(_("People: {n}").format(n=summary.people_total) + "\n")
    for role, n in sorted(summary.people_by_role.items()):
        out.write(f"  {role_label(role)}: {n}\n")
    out.write(
        _("Tables: {n} ({lo}–{hi} seats)").format(n=summary.tables, lo=summary.seats_min, hi=summary.seats_max)
        + "\n"
    )
    out.write(_("Rounds: {n}").format(n=st.rounds) + "\n")
    out.write(_("Seated: {n}").format(n=summary.assigned) + "\n")
    out.write(_("Dimensions:") + "\n")
    for d in summary.dimensions:
        flags = []
        if d.sensitive:
            flags.append(_("sensitive"))
        if d.dont_isolate:
            flags.append(_("don't isolate"))
        kind = _("ordinal") if d.kind == "ordinal" else _("nominal")
        extra = f" [{', '.join(flags)}]" if flags else ""
        out.write(f"  {d.name} ({kind}, {len(d.categories)}){extra}\n")
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    from dialogue_app.services import tables

    capacity = parse_range(args.capacity, "--capacity") if args.capacity else None
    with opened(args.file) as store, store.session() as s:
        made = tables.add_tables(s, args.add, capacity=capacity, venue=args.venue, accessible=args.accessible)
    print(i18n.ngettext("Added {n} table.", "Added {n} tables.", len(made)).format(n=len(made)))
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from dialogue_app import storage
    from dialogue_app.cli.gui import launch_gui

    file_only(args.file)
    path = Path(args.file)
    storage.open_event_file(path).close()  # check it before starting the GUI
    return launch_gui(path)


def cmd_demo(args: argparse.Namespace) -> int:
    from dialogue_app.services import demo

    file_only(args.file)
    demo.check_participants(args.participants)
    path = Path(args.file) if args.file else demo.default_demo_path()
    if path.suffix != ".dialogue":
        path = path.with_name(path.name + ".dialogue")
    if args.file:  # the app's own demo file in the data folder is always renewed
        check_not_overwriting(path, args.force)
    lang = i18n.current_language()
    print(_("Writing the demo event…"), flush=True)
    written = demo.create_demo_file(path, participants=args.participants, seed=args.seed, lang=lang)
    print(_("Wrote the demo event {path}.").format(path=written))
    if args.no_gui:
        return 0
    from dialogue_app.cli.gui import launch_gui

    return launch_gui(written)
