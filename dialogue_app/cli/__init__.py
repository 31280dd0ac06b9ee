"""The ``dialogue-app`` command line.

The commands are registered by name in :mod:`dialogue_app.cli.commands` (the module
under this package whose ``register(subparsers)`` defines each, and its one-line help):
``--help`` lists them without importing any command module, and running a command
imports only its own module (which imports the services it uses when it runs), so the
command line starts fast. A command function takes the parsed arguments and returns an
exit code.

A user mistake is one clear line on stderr and a non-zero exit, never a
traceback: :class:`DialogueError` carries a translated message; anything else
is a bug, logged with its traceback to the log file.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from dialogue_app import __version__, i18n, paths, settings
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _

log = logging.getLogger("dialogue_app")


# argparse's own words (usage line, headings, its messages about wrong arguments), marked
# here so that the catalogs hold them; argparse looks them up through its module-level
# ``_`` and ``ngettext``, which ``build_parser`` points at the app's catalogs.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("show program's version number and exit"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"), N_("expected at least one argument"),
    N_("expected at most one argument"), N_("argument %(argument_name)s: %(message)s"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line + usage hint, exit 2
        self.exit(2, _("{prog}: error: {message}\nTry “{prog} --help”.").format(prog=self.prog, message=message) + "\n")


def build_parser(command: str | None = None, *, lazy: bool = False) -> argparse.ArgumentParser:
    """The parser of ``dialogue-app``. ``lazy``: only ``command``'s module defines its
    arguments, the other commands are listed by name and help (fast; what :func:`main` uses);
    otherwise every command module is imported and defines its arguments."""
    from dialogue_app.cli.commands import COMMANDS, command_help

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    parser = _Parser(
        prog="dialogue-app",
        description=_("Plan and run Day of Dialogue events offline."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", metavar=_("FOLDER"),
        help=_("folder for events, settings and logs (default: the user data folder; "
               "or set DIALOGUE_APP_DATA_DIR)"),
    )
    parser.add_argument("--lang", metavar="LL", help=_("interface language ({languages})").format(
        languages=", ".join(i18n.available_languages())))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    modules = {module for module, _help in COMMANDS.values()}
    if lazy:
        modules = {COMMANDS[command][0]} if command in COMMANDS else set()
    registered: set[str] = set()
    for name, (module, _help) in COMMANDS.items():
        if module in modules and module not in registered:
            importlib.import_module(f"{__name__}.{module}").register(sub)
            registered.add(module)
        elif module not in modules:
            sub.add_parser(name, help=command_help(name), add_help=False)
    return parser


def _global_options(argv: list[str]) -> str | None:
    """A quick look before parsing: set the data folder and return the interface language
    given before the sub-command (whose own options, e.g. export --lang, are not these)."""
    lang = None
    for i, a in enumerate(argv):
        if not a.startswith("-") and (i == 0 or argv[i - 1] not in ("--lang", "--data-dir")):
            break  # the sub-command
        if a == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
        elif a == "--data-dir" and i + 1 < len(argv):
            paths.set_data_dir(argv[i + 1])
        elif a.startswith("--data-dir="):
            paths.set_data_dir(a.split("=", 1)[1])
    return lang


def _command_in(argv: list[str]) -> str | None:
    """The sub-command named in ``argv`` (the first word that is not a global option or its value)."""
    for i, a in enumerate(argv):
        if not a.startswith("-") and (i == 0 or argv[i - 1] not in ("--lang", "--data-dir")):
            return a
    return None


def setup_logging() -> None:
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger("dialogue_app")
    if root.handlers:
        return
    handler: logging.Handler
    try:
        handler = RotatingFileHandler(paths.log_dir() / "dialogue_app.log", maxBytes=1_000_000, backupCount=3,
                                      encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _data_dir_problem() -> str:
    """A translated line when the data folder (``--data-dir`` / DIALOGUE_APP_DATA_DIR) cannot be used."""
    from dialogue_app.cli.common import printable

    try:
        paths.data_dir()
    except OSError as exc:
        where = exc.filename or ""
        if isinstance(exc, FileExistsError):
            return printable(_("the data folder {path} is a file, not a folder; give a folder with --data-dir "
                               "or DIALOGUE_APP_DATA_DIR.").format(path=where))
        return printable(_("the data folder {path} cannot be used: {reason}").format(
            path=where, reason=exc.strerror or exc))
    return ""


def main(argv: Sequence[str] | None = None, on_error: Callable[[str], None] | None = None) -> int:
    """Run the command line; ``on_error`` also gets each error message (the window's entry
    point shows it in a message box, having no console)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if os.name == "posix":  # private by default: whatever this process creates is the user's only
        os.umask(os.umask(0o077) | 0o077)
    # Language first (so --help is translated): a quick look before parsing.
    i18n.set_language(_global_options(argv) or settings.load().language)
    parser = build_parser(_command_in(argv), lazy=True)
    args = parser.parse_args(argv)
    problem = _data_dir_problem()
    if problem:
        print(f"dialogue-app: {problem}", file=sys.stderr)
        return 2
    setup_logging()
    try:
        if args.command is None:
            from dialogue_app.cli.gui import launch_gui

            return launch_gui(None)
        from dialogue_app.cli.common import resolve_event

        resolve_event(args)  # FILE may be an event on a server (postgresql://…?event=NAME, --event NAME)
        return int(args.func(args) or 0)
    except DialogueError as exc:
        from dialogue_app.cli.common import printable

        print(f"dialogue-app: {printable(exc.message)}", file=sys.stderr)
        for line in exc.details[:20]:
            print(f"  {printable(line)}", file=sys.stderr)
        if on_error is not None:
            on_error("\n".join([exc.message, *exc.details[:20]]))
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the environment (a full disk, a path that cannot be written): one clear line
        from dialogue_app.cli.common import printable

        log.exception("system error in %s", argv)
        where = exc.filename or ""
        print(printable(_("dialogue-app: {path}: {reason}").format(path=where, reason=exc.strerror or exc)
                        if where else _("dialogue-app: {reason}").format(reason=exc.strerror or exc)),
              file=sys.stderr)
        return 74
    except Exception:  # a bug: keep the traceback in the log, not on the user's screen
        log.exception("unexpected error in %s", argv)
        message = _("dialogue-app: unexpected error; details are in {log}").format(
            log=paths.log_dir() / "dialogue_app.log"
        )
        print(message, file=sys.stderr)
        if on_error is not None:
            on_error(message)
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
