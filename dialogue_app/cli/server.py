"""``dialogue-app server …``: administering a shared PostgreSQL server.

Each action lives in its own module (``server_users``: add-user, remove-user, users); this module
only gathers them under ``server``.
"""

from __future__ import annotations

import argparse

from dialogue_app.cli.commands import command_help
from dialogue_app.i18n import gettext as _


def register(sub: argparse._SubParsersAction) -> None:
    from dialogue_app.cli import server_users

    p = sub.add_parser("server", help=command_help("server"))
    actions = p.add_subparsers(dest="server_action", metavar=_("COMMAND"), parser_class=type(p),
                               help=command_help("server"))
    actions.required = True
    server_users.register(actions)
