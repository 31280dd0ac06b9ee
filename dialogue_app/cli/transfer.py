"""``dialogue-app push FILE URL --event NAME`` and ``dialogue-app pull URL --event NAME -o FILE``:
a whole event from a laptop file onto a server, and from a server into an ordinary event file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from dialogue_app import i18n
from dialogue_app.cli.commands import command_help
from dialogue_app.cli.common import printable
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("push", help=command_help("push"))
    p.add_argument("file", metavar=_("FILE"), help=_("the event file (.dialogue)"))
    p.add_argument("url", metavar="URL", help=_("the server's address: postgresql://HOST/DATABASE"))
    p.add_argument("--event", metavar=_("NAME"), help=_("the event's name on the server"))
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("pull", help=command_help("pull"))
    p.add_argument("url", metavar="URL", help=_("the server's address: postgresql://HOST/DATABASE"))
    p.add_argument("--event", metavar=_("NAME"), help=_("the event's name on the server"))
    p.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the file to write"))
    p.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    p.set_defaults(func=cmd_pull)


def progress_printer() -> Callable[[int, int], None]:
    """Progress on standard error: one line rewritten on a terminal, every tenth otherwise."""
    shown: list[int] = []
    tty = sys.stderr.isatty()

    def report(done: int, total: int) -> None:
        share = done / total if total else 1.0
        tenth = int(share * 10)
        if not tty and tenth in shown:
            return
        shown.append(tenth)
        line = _("Copying the event: {percent}").format(percent=i18n.format_percent(share, 0))
        sys.stderr.write(("\r" + line + ("\n" if done >= total else "")) if tty else line + "\n")
        sys.stderr.flush()

    return report


def _copied(rows: int, target: str) -> None:
    print(printable(ngettext("Copied {n} row to {target}.", "Copied {n} rows to {target}.", rows).format(
        n=i18n.format_number(rows), target=target)))


def cmd_push(args: argparse.Namespace) -> int:
    from dialogue_app.services.transfer import push_event
    from dialogue_app.storage.address import (
        ServerAddress,
        ServerAddressError,
        is_server_address,
        parse_address,
    )

    if is_server_address(args.file) or not is_server_address(args.url):
        raise ServerAddressError(_("Give the event file first, then the server's address: dialogue-app push FILE "
                                   "postgresql://HOST/DATABASE --event NAME"))
    address = parse_address(args.url, args.event)
    assert isinstance(address, ServerAddress)
    result = push_event(args.file, address, progress=progress_printer())
    _copied(result.rows, result.label)
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    from dialogue_app.cli.common import output_path
    from dialogue_app.services.transfer import pull_event
    from dialogue_app.storage.address import ServerAddress, parse_address, parse_server_url

    parse_server_url(args.url)  # says what is wrong with an address that is not one
    address = parse_address(args.url, args.event)
    assert isinstance(address, ServerAddress)
    out = output_path(args.output)
    result = pull_event(address, out, force=args.force, progress=progress_printer())
    _copied(result.rows, str(result.path))
    return 0
