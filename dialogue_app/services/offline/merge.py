"""Merging table packages back into the organiser's event file: the database side of
:mod:`dialogue_app.offline.merge` (which says how rows and columns are merged, and holds the
conflicts and the report); one package's rows are merged by :mod:`.merge_rows`.

Everything happens in one transaction on the organiser's file: the merge either completes or leaves
the file as it was. Merging the same package twice changes nothing the second time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from dialogue_app import storage
from dialogue_app.errors import Cancelled, DialogueError, EventFileReadOnly, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Base
from dialogue_app.offline.merge import (
    BOTH_CHANGED,
    DELETED_HERE,
    DELETED_THERE,
    OURS,
    ROW,
    THEIRS,
    Conflict,
    ForeignPackage,
    MergeConflicts,
    MergeReport,
    NotAPackage,
)
from dialogue_app.services.offline.merge_rows import LoadedPackage, _Merge, read_package
from dialogue_app.services.offline.validate_package import check_package
from dialogue_app.storage.pg_lock import alone

__all__ = [
    "BOTH_CHANGED", "DELETED_HERE", "DELETED_THERE", "OURS", "ROW", "THEIRS", "Conflict", "ForeignPackage",
    "LoadedPackage", "MergeConflicts", "MergeReport", "NotAPackage", "merge_packages", "read_package",
]


class _Abort(Exception):
    def __init__(self, report: MergeReport) -> None:
        self.report = report


def merge_packages(
    store: storage.EventStore,
    package_paths: Iterable[str | os.PathLike[str]],
    *,
    prefer: str | None = None,
    resolutions: Mapping[tuple[str, str, str, str], str] | None = None,
    dry_run: bool = False,
    progress: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> MergeReport:
    """Merge packages into ``store`` in one transaction.

    Unresolved conflicts raise :class:`MergeConflicts` and write nothing; with
    ``dry_run`` the report (conflicts included) is returned and nothing written.
    """
    paths = _package_paths(store, package_paths, prefer)
    work = _Merge(None, prefer, dict(resolutions or {}))  # type: ignore[arg-type]
    loaded = _load(paths, work, progress, should_stop)
    try:
        with alone(store), store.session() as s:  # on a server: no forget or other merge meanwhile
            conn = s.connection()
            work.conn = conn
            # people forgotten or purged here stay so (GDPR erasure): as rows, links and in free text
            work.forgotten, work.redact = _suppression(s, loaded)
            _check_event(conn, loaded)
            for i, pkg in enumerate(loaded):
                if should_stop and should_stop():
                    raise Cancelled(_("Cancelled."))
                work.merge(pkg)
                if progress:
                    progress(0.5 + 0.5 * (i + 1) / len(loaded))
            report = _report(work, loaded, written=not (dry_run or work.unresolved))
            if not report.written:
                raise _Abort(report)
    except _Abort as stop:
        report = stop.report
    if report.unresolved and not dry_run:
        raise MergeConflicts(report)
    return report


def _package_paths(store: storage.EventStore, package_paths: Iterable[str | os.PathLike[str]],
                   prefer: str | None) -> list[Path]:
    """The packages to merge, after the checks that need no file read."""
    if prefer not in (None, OURS, THEIRS):
        raise UserInputError(_("Choose “ours” or “theirs”."))
    if store.read_only:
        raise EventFileReadOnly(_("The event file {path} is open read-only: nothing can be merged.").format(
            path=store.label if store.is_server else store.path))
    paths = [Path(p).expanduser().resolve() for p in package_paths]
    if not paths:
        raise UserInputError(_("Choose at least one package to merge."))
    for p in paths:
        if not store.is_server and p == store.path:
            raise UserInputError(_("{name} is the open event file itself, not a package.").format(name=p.name))
    return paths


def _load(paths: list[Path], work: _Merge, progress: Callable[[float], None] | None,
          should_stop: Callable[[], bool] | None) -> list[LoadedPackage]:
    """Check and read every package (tampered packages: refused, or records left out and listed)."""
    loaded = []
    reader = storage.FileReader()
    scratch = Path(tempfile.mkdtemp(prefix="dialogue-merge-"))
    try:
        for i, p in enumerate(paths):
            if should_stop and should_stop():
                raise Cancelled(_("Cancelled."))
            checked = check_package(p, scratch / str(i))  # tampered packages: refused or records left out
            work.ignored.extend(checked.ignored)
            loaded.append(read_package(checked.path, reader))
            loaded[-1].path = p
            if progress:
                progress(0.5 * (i + 1) / len(paths))
    finally:
        reader.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return loaded


def _check_event(conn: Connection, loaded: list[LoadedPackage]) -> None:
    """The open file is an organiser's file, and every package was cut from its event."""
    ev = conn.execute(select(Base.metadata.tables["event"])).mappings().first()
    if ev is None:
        raise DialogueError(_("This file holds no event yet."))
    if ev["source_event_id"] is not None:
        raise UserInputError(
            _("This file is itself a table package: merge packages into the organiser's file."))
    for pkg in loaded:
        if pkg.source_event_id != ev["id"]:
            raise ForeignPackage(
                _("{name} belongs to another event (“{title}”), not to “{ours}”; it was not merged.").format(
                    name=pkg.name, title=pkg.title, ours=ev["title"]
                )
            )


def _suppression(session: Any, loaded: list[LoadedPackage]) -> tuple[set, Callable[[str], str] | None]:
    """Forgotten / purged people's ids, and a redaction of their names for text coming in: by the
    package's own copy of their person row, and by the keyed hashes the erasure recorded."""
    from dialogue_app.services.privacy import suppression
    from dialogue_app.services.privacy.erasure import Redactor

    ids = suppression.suppressed_ids(session)
    if not ids:
        return set(), None
    idents: list[str] = []
    for pkg in loaded:
        for rid in ids & set(pkg.rows.get("person", {})):
            row = pkg.rows["person"][rid]
            first, last = row.get("first_name") or "", row.get("last_name") or ""
            idents += [v for v in (first, last, f"{first} {last}", f"{last} {first}", row.get("email"),
                                   row.get("phone"), row.get("code")) if v and v.strip()]
    known = Redactor(idents)
    hashed = suppression.hashed_redactor(session)

    def redact(text: str) -> str:
        out, _n = known(text)
        if hashed is not None:
            out, _n = hashed(out)
        return out or ""

    return ids, redact


def _report(work: _Merge, loaded: list[LoadedPackage], *, written: bool) -> MergeReport:
    return MergeReport(
        packages=tuple(p.name for p in loaded), inserted=work.inserted, updated=work.updated,
        deleted=work.deleted, conflicts=tuple(work.conflicts), unresolved=tuple(work.unresolved),
        kept=tuple(work.kept), by_table={k: dict(v) for k, v in work.by_table.items()}, written=written,
        ignored=tuple(work.ignored),
    )
