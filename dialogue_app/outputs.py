"""Writing an output file without ever destroying an input.

Every export, printed document, subject-access file and table package is written
through this module (the command line and the GUI's save dialogs alike):

* :func:`check_output` (before any work): an event file is never an output (the one
  being read or any other: recognised by its header, not its name); an existing file
  is replaced only with ``force`` (``--force``, or the GUI's file dialog that already
  asked); a table package may replace an older table package, never one another
  instance holds open;
* :func:`atomic_output` (while writing): the content goes to a new temporary file in
  the target's folder (``O_EXCL``, mode 0600, so a symlink planted at a temporary name
  is never followed), which then replaces the target in one step (``os.replace`` swaps
  a symlink itself, never the file it points to). Devices, FIFOs, sockets and
  ``/dev/stdout`` are written into, never replaced.

Refusals are :class:`~dialogue_app.errors.UserInputError` (one clear line, exit 2).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.paths import make_private_dir as make_private_dir  # a folder the app writes into

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x44444C47  # as in storage.py ("DDLG")
PRIVATE_FILE = 0o600
_STD_STREAM = re.compile(r"^/(?:dev/(?:stdout|stderr|fd/(\d+))|proc/self/fd/(\d+))$")


def is_event_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (following symlinks) is a regular file with an event file's header."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # never read a FIFO or a device to find out
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError:
        return False
    return (len(header) == 100 and header.startswith(SQLITE_HEADER)
            and int.from_bytes(header[68:72], "big") == APPLICATION_ID)


def is_table_package(path: str | os.PathLike[str]) -> bool:
    """Whether the event file ``path`` is a table package (it has a package manifest)."""
    from sqlalchemy import create_engine, func, select, table
    from sqlalchemy.exc import SQLAlchemyError

    from dialogue_app import sqlite_paths

    engine = create_engine(sqlite_paths.engine_url(path, read_only=True))
    try:
        with engine.connect() as conn:
            return bool(conn.execute(select(func.count()).select_from(table("package_manifest"))).scalar())
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def is_stream(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is written into rather than replaced: ``/dev/stdout`` and the like, and
    anything (after symlinks) that is not a regular file or a folder."""
    text = os.path.abspath(os.fspath(path))
    if text.startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(text).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def held_by_another(path: str | os.PathLike[str]) -> bool:
    """Whether another instance holds the event lock (``<file>.lock``) of ``path``."""
    lock = Path(os.path.abspath(os.fspath(path)) + ".lock")
    if sys.platform == "win32":  # pragma: no cover - a held lock file cannot be removed there
        return lock.exists()
    import fcntl

    try:
        fd = os.open(lock, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _same_file(a: Path, b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: str | os.PathLike[str], *, force: bool = False,
                 sources: Iterable[str | os.PathLike[str]] = (), package: bool = False) -> Path:
    """Refuse an output that would destroy an input; returns the path to write.

    ``sources``: the files being read (never replaced, whatever ``force`` says).
    ``package``: the output is a table package, which with ``force`` may replace an older
    table package (an event file with a package manifest) that no other instance holds open.
    """
    out = Path(path).expanduser()
    if is_stream(out) and package:  # an event file needs a real file: SQLite cannot write into a pipe
        raise UserInputError(_("{path} is not a regular file; a table package must be written to a file.")
                             .format(path=out))
    if is_stream(out):
        return out
    for src in sources:
        if _same_file(out, src):
            raise UserInputError(_("{path} is the event file being read; an export never replaces it. "
                                   "Choose another file name.").format(path=out))
    if out.is_dir():
        raise UserInputError(_("{path} is a folder; give a file name.").format(path=out))
    if not out.parent.is_dir():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=out.parent))
    if is_event_file(out) and not (package and is_table_package(out)):
        raise UserInputError(_("{path} is an event file; an export never replaces one. "
                               "Choose another file name.").format(path=out))
    if os.path.lexists(out) and not force:
        raise UserInputError(_("{path} already exists and is not replaced. Choose another file name, or add "
                               "--force to replace it.").format(path=out))
    if os.path.lexists(out) and held_by_another(out):
        raise UserInputError(_("{path} is open in another window or program and is not replaced. "
                               "Close it there first, or choose another file name.").format(path=out))
    return out


def _write_through(tmp: Path, out: Path) -> None:
    """Copy the finished temporary file into a device, FIFO or standard stream."""
    m = _STD_STREAM.match(os.path.abspath(os.fspath(out)))
    if m:  # the process's own stream: write at its current position, as a shell redirection expects
        number = m.group(1) or m.group(2)
        fd = int(number) if number else (1 if str(out).endswith("stdout") else 2)
        with contextlib.suppress(AttributeError, ValueError):
            (sys.stdout if fd == 1 else sys.stderr).flush()
        target = os.dup(fd)
    else:
        target = os.open(out, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        with open(tmp, "rb") as src, open(target, "wb", closefd=False) as dst:
            shutil.copyfileobj(src, dst)
    finally:
        os.close(target)


def finish(tmp: str | os.PathLike[str], out: str | os.PathLike[str], *, package: bool = False) -> None:
    """Put the finished temporary file ``tmp`` in place of ``out`` (see the module docstring)."""
    tmp, out = Path(tmp), Path(out)
    try:
        if is_stream(out):
            _write_through(tmp, out)
            tmp.unlink(missing_ok=True)
            return
        if is_event_file(out) and package and held_by_another(out):
            raise UserInputError(_("{path} is open in another window or program and is not replaced. "
                                   "Close it there first, or choose another file name.").format(path=out))
        if is_event_file(out) and not (package and is_table_package(out)):  # it became one meanwhile
            raise UserInputError(_("{path} is an event file; an export never replaces one. "
                                   "Choose another file name.").format(path=out))
        os.replace(tmp, out)
    except OSError as exc:
        raise _unwritable(out, exc) from exc


def _unwritable(out: Path, exc: OSError) -> UserInputError:
    return UserInputError(_("Could not write {path}: {error}").format(path=out, error=exc.strerror or exc))


def new_temporary(out: str | os.PathLike[str], suffix: str = ".part") -> Path:
    """A new, empty, private temporary file next to ``out`` (created with ``O_EXCL``)."""
    out = Path(out)
    folder = out.parent if not is_stream(out) else None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=suffix, dir=folder)
    except OSError as exc:
        raise _unwritable(out, exc) from exc
    os.close(fd)
    return Path(name)


def create_private(path: str | os.PathLike[str]) -> None:
    """Create ``path`` as a new, empty file readable by the user only (0600, whatever the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), PRIVATE_FILE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)


def open_lock_file(path: str | os.PathLike[str]) -> TextIO:
    """Open (or create, 0600) an event's lock file for reading and writing, never through a symlink:
    a symlink planted at its name is removed (it is not ours), and the file is not truncated here."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, PRIVATE_FILE)
    except OSError:
        if not os.path.islink(path):
            raise
        os.unlink(path)  # removes the link only, never what it points to
        fd = os.open(path, flags | os.O_EXCL, PRIVATE_FILE)
    return open(fd, "r+", encoding="utf-8")


def discard(tmp: str | os.PathLike[str]) -> None:
    """Remove a temporary file and any journal SQLite left beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(os.fspath(tmp) + suffix)


@contextlib.contextmanager
def atomic_output(out: str | os.PathLike[str], *, suffix: str = ".part", package: bool = False) -> Iterator[Path]:
    """Yield a private temporary path; on success it takes the place of ``out``, else it is removed."""
    out = Path(out)
    tmp = new_temporary(out, suffix)
    try:
        yield tmp
        finish(tmp, out, package=package)
    except BaseException:
        discard(tmp)
        raise


def copy_to(source: str | os.PathLike[str], out: str | os.PathLike[str]) -> Path:
    """Save a copy of a finished file (a previewed PDF) as ``out``, the same safe way."""
    with atomic_output(out) as tmp:
        shutil.copyfile(source, tmp)
    return Path(out)
