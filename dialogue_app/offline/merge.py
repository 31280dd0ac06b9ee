"""Merging table packages back into the organiser's event file.

A three-way merge per row and column, generic over ``Base.metadata``:

* the *base* is the value when the package was made (``package_baseline`` in
  the package) or, when this package was merged before, the package's value at
  that merge (``package_merge_state`` in the organiser's file);
* *theirs* is the package now, *ours* the organiser's file now.

Per column: unchanged in the package -> keep ours; changed only in the package
-> take theirs; changed in both to the same value -> nothing; changed in both
differently -> a :class:`Conflict` the organiser resolves (``prefer`` or one
choice per conflict). Rows new in the package are inserted with the same UUID.

Deletions: a row the package created and later deleted is deleted here too
(unless the organiser changed it since: a conflict). A row that came from the
organiser's file and was deleted in the package is never deleted here: it is
listed in :attr:`MergeReport.kept`. Columns a package never carries are its
baseline, so they are never blanked here.

Everything happens in one transaction on the organiser's file: the merge
either completes or leaves the file as it was. Merging the same package twice
changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext

OURS, THEIRS = "ours", "theirs"
#: Conflict kinds.
BOTH_CHANGED, DELETED_HERE, DELETED_THERE = "both_changed", "deleted_here", "deleted_there"
ROW = "*"


class NotAPackage(DialogueError):
    pass


class ForeignPackage(DialogueError):
    pass


@dataclass(frozen=True)
class Conflict:
    package: str
    package_id: str
    table: str
    row_id: str
    column: str  # "*" when the whole row is concerned
    kind: str
    label: str
    base: Any
    ours: Any
    theirs: Any

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.package_id, self.table, self.row_id, self.column)

    def as_dict(self) -> dict[str, Any]:
        return {
            "package": self.package, "package_id": self.package_id, "table": self.table, "row_id": self.row_id,
            "column": self.column, "kind": self.kind, "label": self.label, "base": self.base, "ours": self.ours,
            "theirs": self.theirs,
        }

    def describe(self) -> str:
        if self.kind == DELETED_HERE:
            return _("{label}: deleted here, changed in {package}").format(label=self.label, package=self.package)
        if self.kind == DELETED_THERE:
            return _("{label}: changed here, deleted in {package}").format(label=self.label, package=self.package)
        return _("{label}, {column}: here “{ours}”, in {package} “{theirs}”").format(
            label=self.label, column=self.column, ours=_show(self.ours), theirs=_show(self.theirs),
            package=self.package,
        )


def _show(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class MergeReport:
    packages: tuple[str, ...]
    inserted: int
    updated: int
    deleted: int
    conflicts: tuple[Conflict, ...]
    unresolved: tuple[Conflict, ...]
    #: Rows of the organiser's file deleted in a package and kept here.
    kept: tuple[str, ...]
    by_table: Mapping[str, Mapping[str, int]]
    written: bool
    #: Records of tampered packages that were left out, with why (see ``offline/validate_package.py``).
    ignored: tuple[str, ...] = ()

    @property
    def changes(self) -> int:
        return self.inserted + self.updated + self.deleted

    def as_dict(self) -> dict[str, Any]:
        return {
            "packages": list(self.packages), "inserted": self.inserted, "updated": self.updated,
            "deleted": self.deleted, "written": self.written, "kept": list(self.kept), "ignored": list(self.ignored),
            "by_table": {k: dict(v) for k, v in self.by_table.items()},
            "conflicts": [c.as_dict() for c in self.conflicts],
            "unresolved": [c.as_dict() for c in self.unresolved],
        }


class MergeConflicts(DialogueError):
    """Conflicting edits that nobody chose for; nothing was written."""

    def __init__(self, report: MergeReport) -> None:
        n = len(report.unresolved)
        super().__init__(
            ngettext(
                "{n} record was changed both here and in the package; choose which to keep "
                "(--prefer ours or --prefer theirs). Nothing was merged.",
                "{n} records were changed both here and in the packages; choose which to keep "
                "(--prefer ours or --prefer theirs). Nothing was merged.",
                n,
            ).format(n=n),
            details=[c.describe() for c in report.unresolved],
        )
        self.report = report


def column_changes(columns: Sequence[str], theirs: Mapping[str, Any], ours: Mapping[str, Any],
                   base: Mapping[str, Any] | None) -> tuple[list[str], list[str]]:
    """The three-way decision for one row present on both sides, per column: (the columns changed only
    in the package: take theirs, the columns changed on both sides to different values: conflicts).
    A column unchanged in the package, or changed to the same value here, is left alone."""
    taken: list[str] = []
    both: list[str] = []
    for col in columns:
        if theirs[col] == ours[col]:
            continue
        if base is not None and theirs[col] == base.get(col):
            continue  # only the organiser changed it
        if base is not None and ours[col] == base.get(col):
            taken.append(col)
            continue
        both.append(col)
    return taken, both
