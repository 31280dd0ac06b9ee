"""``dialogue-app server …``: a PostgreSQL server's administration (init, list, and more).

The subcommands are registered by name in :data:`SERVER_COMMANDS` (the module under
``dialogue_app.cli`` whose ``register_server(subparsers)`` defines each, and its help), like the
top-level commands in :mod:`dialogue_app.cli.commands`: a new subcommand (``add-user``) is one
line there plus its module's ``register_server``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import add_json, print_json, printable
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import N_, ngettext
from dialogue_app.i18n import gettext as _

#: ``server`` subcommand -> (module in dialogue_app.cli defining ``register_server(sub)``, help)
SERVER_COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("server", N_("prepare a database for events, or upgrade it (take a backup first)")),
    "list": ("server", N_("list the events on a server with their titles and dates")),
    "add-user": ("server_users", N_("create a login on the server with one role")),
    "remove-user": ("server_users", N_("remove a login from the server")),
    "users": ("server_users", N_("list the logins of the server and their roles")),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("server", help=command_help("server"))
    server_sub = p.add_subparsers(dest="server_command", metavar=_("COMMAND"), required=True,
                                  parser_class=type(p), help=command_help("server"))
    done: set[str] = set()
    for module, _help in SERVER_COMMANDS.values():
        if module not in done:
            importlib.import_module(f"dialogue_app.cli.{module}").register_server(server_sub)
            done.add(module)


def add_url(parser: argparse.ArgumentParser) -> None:
    """The server's address (``postgresql://HOST/DATABASE``; credentials through libpq, never here)."""
    parser.add_argument("url", metavar="URL", help=_("the server's address: postgresql://HOST/DATABASE"))


def server_help(name: str) -> str:
    return _(SERVER_COMMANDS[name][1])


def register_server(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help=server_help("init"))
    add_url(p)
    p.add_argument("--yes", action="store_true",
                   help=_("upgrade the events that need it (after you have taken a backup)"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("list", help=server_help("list"))
    add_url(p)
    add_json(p)
    p.set_defaults(func=cmd_list)


def _server(url: str) -> tuple[str, str]:
    """The URL without ``event`` and the host/database for messages."""
    from dialogue_app.storage.address import ServerAddress, parse_server_url

    plain, _event = parse_server_url(url)
    return plain, ServerAddress(plain, "x").host_label


def cmd_init(args: argparse.Namespace) -> int:
    from dialogue_app.storage.pg_server import init_server
    from dialogue_app.storage.server_admin import server_state

    url, where = _server(args.url)
    state = server_state(url)
    if state.too_new:
        raise DialogueError(_("Events on {server} were made by a newer version of this app: {names}. Update the "
                              "app first; nothing was changed.").format(server=where, names=", ".join(state.too_new)))
    if state.outdated and not args.yes:
        print(ngettext("{n} event on {server} needs an upgrade: {names}.",
                       "{n} events on {server} need an upgrade: {names}.", len(state.outdated)).format(
            n=len(state.outdated), server=where, names=", ".join(state.outdated)), file=sys.stderr)
        print(_("Take a backup of the database first (for example with pg_dump), then run this command again "
                "with --yes. Nothing was changed."), file=sys.stderr)
        return 1
    upgraded = init_server(url)
    if not state.prepared:
        print(_("Prepared {server} for events.").format(server=where))
    if upgraded:
        print(ngettext("Upgraded {n} event: {names}.", "Upgraded {n} events: {names}.", len(upgraded)).format(
            n=len(upgraded), names=", ".join(upgraded)))
    elif state.prepared:
        print(_("{server} is ready; no event needed an upgrade.").format(server=where))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from dialogue_app.storage.server_admin import event_rows

    url, where = _server(args.url)
    rows = event_rows(url)
    if args.json:
        print_json([{"name": r.name, "title": r.title, "date": r.date.isoformat() if r.date else None,
                     "created_at": r.created_at.isoformat() if r.created_at else None, "created_by": r.created_by}
                    for r in rows])
        return 0
    if not rows:
        print(_("No events on {server}.").format(server=where))
        return 0
    width = max(len(r.name) for r in rows)
    for r in rows:
        date = i18n.format_date(r.date) if r.date else "–"
        print(printable(f"{r.name:<{width}}  {date}  {r.title}"))
    print(ngettext("{n} event on {server}", "{n} events on {server}", len(rows)).format(n=len(rows), server=where))
    return 0
