"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dialogue_app.errors import EventFileReadOnly, UserInputError
from dialogue_app.i18n import gettext as _

if TYPE_CHECKING:
    from dialogue_app import storage


def add_file(parser: argparse.ArgumentParser, help: str | None = None, **kwargs: Any) -> None:
    """The event argument every command takes: an event file, or an event on a server
    (``postgresql://…?event=NAME``, or the URL plus ``--event NAME``; see :func:`resolve_event`)."""
    parser.add_argument("file", metavar=_("FILE"), help=help or _("the event file (.dialogue)"), **kwargs)
    parser.add_argument("--event", metavar=_("NAME"),
                        help=_("the event's name on the server"))
    parser.set_defaults(event_address=True)


def resolve_event(args: argparse.Namespace) -> None:
    """Turn ``FILE`` plus ``--event NAME`` into one address (run once, for every command, before it
    runs): a server event becomes ``postgresql://…?event=NAME`` in ``args.file``; a file stays a
    path. ``--event`` with a file, a password in the URL or a server address without an event name
    is a clear error."""
    if not getattr(args, "event_address", False):
        return  # a command with arguments of its own (push, pull, server …)
    file, event = getattr(args, "file", None), getattr(args, "event", None)
    if not event and not (isinstance(file, str) and "://" in file):
        return  # an event file (storage is not even imported: the command line starts fast)
    from dialogue_app.storage.address import is_server_address, parse_address

    if not is_server_address(file or ""):
        parse_address(file or "", event)  # says that --event names an event on a server
        return
    args.file = str(parse_address(str(file), event))
    args.event = None


def server_label(address: str) -> str:
    """How messages name a server event: "NAME on HOST/DB" (as ``store.label`` does)."""
    from dialogue_app.storage.address import parse_address

    where = parse_address(address)
    return _("{event} on {server}").format(event=getattr(where, "event", ""), server=getattr(where, "host_label", ""))


def file_only(address: str | None) -> None:
    """Refuse a server event for a command that reads or writes an event file itself (a
    demo, a table package, backups, restoring): it says what to do instead."""
    from dialogue_app.storage.address import is_server_address

    if address is not None and is_server_address(address):
        raise UserInputError(
            _("{event} is an event on a server; this command works on an event file only. Copy it into a file "
              "first: dialogue-app pull URL --event NAME -o FILE").format(event=server_label(address))
        )


def add_json(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """``--json``: the command's result as one JSON object on standard output."""
    parser.add_argument("--json", action="store_true", help=help or _("print the result as JSON"))


def add_output(parser: argparse.ArgumentParser, help: str) -> None:
    """``-o/--output``: the file a command writes, and ``--force`` to replace an existing one."""
    parser.add_argument("-o", "--output", required=True, metavar=_("OUT"), help=help)
    parser.add_argument("--force", action="store_true", help=_("replace an existing output file"))


def _seed(text: str) -> int:
    try:
        value: int | None = int(text)
    except ValueError:
        value = None
    if value is None or value < 0:
        raise argparse.ArgumentTypeError(_("a seed is a whole number from 0 upwards (got “{text}”)").format(text=text))
    return value


def add_seed(parser: argparse.ArgumentParser, default: int) -> None:
    """``--seed``: the same seed gives the same result."""
    parser.add_argument("--seed", type=_seed, default=default, metavar="N",
                        help=_("random seed: the same seed gives the same result (default {default})")
                        .format(default=default))


@contextmanager
def opened(path: str, *, read_only: bool = False) -> Iterator[storage.EventStore]:
    """Open an event (a file, or an event on a server) for one command and close it cleanly afterwards."""
    from dialogue_app import storage

    store = storage.open_event(path, read_only=read_only)
    if store.read_only and not read_only and not store.is_server:  # a write command on a file that cannot be written
        store.close()
        if not os.access(store.path.parent, os.W_OK):
            raise EventFileReadOnly(_("The event file {path} was opened read-only: the folder cannot be written, "
                                      "so changes cannot be saved.").format(path=store.path))
        raise EventFileReadOnly(_("The event file {path} is read-only: changes cannot be saved.").format(
            path=store.path))
    try:
        if store.backup_path:
            print(_("The file was upgraded; the original is kept as {backup}.").format(backup=store.backup_path),
                  file=sys.stderr)
        yield store
    finally:
        store.close()


def parse_range(text: str, what: str) -> tuple[int, int]:
    """"6-8" -> (6, 8); "7" -> (7, 7)."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*", text or "")
    if not m:
        raise UserInputError(_("{what} must look like 6-8 (got “{text}”).").format(what=what, text=text))
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    if lo > hi:
        raise UserInputError(_("{what}: the minimum is larger than the maximum (“{text}”).").format(what=what, text=text))
    return lo, hi


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` safe to print on a terminal: control characters (escape sequences that could
    recolour, retitle or rewrite the terminal), C1 controls and right-to-left overrides from a
    file's cells are shown as ``\\x1b`` / ``\\u202e`` instead of being sent raw."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def output_path(text: str, args: argparse.Namespace | None = None) -> Path:
    """The output file of a command, refused when writing it would destroy an input (the event
    file ``args.file``, any event file, an existing file without ``--force``): see outputs.py."""
    from dialogue_app import outputs

    path = Path(text).expanduser()
    if path.is_dir():
        raise UserInputError(_("{path} is a folder; give a file name.").format(path=path))
    if not path.parent.exists():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=path.parent))
    if args is not None:
        from dialogue_app.storage.address import is_server_address

        sources = [] if is_server_address(args.file) else [args.file]
        outputs.check_output(path, force=getattr(args, "force", False), sources=sources)
    return path


def message_stream(out: Path) -> TextIO:
    """Where to say what was written: standard error when the output itself is standard output."""
    from dialogue_app import outputs

    return sys.stderr if outputs.is_stream(out) else sys.stdout


def check_not_overwriting(path: Path, force: bool) -> None:
    """Demo commands replace a file only when asked: an existing event may hold real data."""
    if path.exists() and not force:
        raise UserInputError(
            _("{path} already exists and is not replaced. Choose another file name, or add --force to "
              "replace it.").format(path=path)
        )
