"""``dialogue-app server add-user / remove-user / users``: who may log in to a shared server, and
with which of the four roles (organiser, door, facilitator, privacy officer).

The password is asked twice without echo (or read from standard input with ``--password-stdin``
for scripts); it is never an argument, and it reaches the server SCRAM-hashed.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from dialogue_app.cli.common import add_json, print_json
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _

ROLE_KEYS = ("organiser", "door", "facilitator", "privacy")


def register_server(actions: argparse._SubParsersAction) -> None:
    p = actions.add_parser("add-user", help=_("create a login on the server with one role"))
    p.add_argument("url", metavar="URL", help=_("the server (postgresql://…), as an administrator"))
    p.add_argument("name", metavar=_("NAME"), help=_("the login name"))
    p.add_argument("--role", required=True, choices=ROLE_KEYS, help=_("what the login may do"))
    p.add_argument("--event", metavar=_("NAME"), help=_("for a facilitator: the event"))
    p.add_argument("--person", metavar=_("CODE"), help=_("for a facilitator: their participant code in that event"))
    p.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    p.set_defaults(func=cmd_add_user)
    p = actions.add_parser("remove-user", help=_("remove a login from the server"))
    p.add_argument("url", metavar="URL", help=_("the server (postgresql://…), as an administrator"))
    p.add_argument("name", metavar=_("NAME"), help=_("the login name"))
    p.set_defaults(func=cmd_remove_user)
    p = actions.add_parser("users", help=_("list the logins of the server and their roles"))
    p.add_argument("url", metavar="URL", help=_("the server (postgresql://…), as an administrator"))
    add_json(p)
    p.set_defaults(func=cmd_users)


def _server_url(text: str) -> str:
    from dialogue_app.storage.address import parse_server_url

    return parse_server_url(text)[0]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(_("Password for the new login: "))
    if getpass.getpass(_("The same password again: ")) != first:
        raise UserInputError(_("The two passwords differ: nothing was changed."))
    return first


def cmd_add_user(args: argparse.Namespace) -> int:
    from dialogue_app.storage import pg_users

    url = _server_url(args.url)
    pg_users.check_login(args.name)
    if args.role != "facilitator" and (args.event or args.person):
        raise UserInputError(_("--event and --person are for facilitators only."))
    password = _password(args.password_stdin)
    pg_users.add_user(url, args.name, args.role, password, event=args.event, person_code=args.person)
    print(_("The login “{name}” can now connect with the role {role}.").format(name=args.name, role=args.role))
    return 0


def cmd_remove_user(args: argparse.Namespace) -> int:
    from dialogue_app.storage import pg_users

    pg_users.remove_user(_server_url(args.url), args.name)
    print(_("The login “{name}” was removed.").format(name=args.name))
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    from dialogue_app.storage import pg_users

    users = pg_users.list_users(_server_url(args.url))
    if args.json:
        print_json({"users": [{"name": u.name, "roles": list(u.roles), "can_login": u.can_login,
                               "facilitates": list(u.facilitates)} for u in users]})
        return 0
    if not users:
        print(_("No logins have a Day of Dialogue role yet."))
    for u in users:
        extra = f" ({'; '.join(u.facilitates)})" if u.facilitates else ""
        print(f"{u.name}\t{', '.join(u.roles)}{extra}")
    return 0
