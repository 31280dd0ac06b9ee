"""What a table package is, in plain terms: the results of making one, what a package file says about
itself, the tables offered for packaging, a package's file name, and how people are told apart
without their last names. The database side (cutting and writing a package) is
:mod:`dialogue_app.services.offline.package`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogue_app import EVENT_SUFFIX
from dialogue_app.i18n import gettext as _
from dialogue_app.wording import distinct_first_names


@dataclass(frozen=True)
class PackageResult:
    path: Path
    package_id: uuid.UUID
    table_numbers: tuple[int, ...]
    people: int
    rows: int
    with_contacts: bool


@dataclass(frozen=True)
class PackageInfo:
    """What a package file says about itself (for title bars and dialogs)."""

    package_id: uuid.UUID
    source_event_id: uuid.UUID
    table_numbers: str
    with_contacts: bool
    created_at: object
    source_name: str


@dataclass(frozen=True)
class PackableTable:
    id: uuid.UUID
    number: int
    name: str
    venue: str
    seated: int


def keep_telling_apart(people: list[dict], originals: dict[Any, dict]) -> None:
    """Without contact details the last names stay home, but two people of one first name must still be
    told apart at the table: such people keep as much of their last name as the facilitation screen
    shows (``services.facilitation.distinct_first_names``: "R." for "Jessica R.", the whole last name
    only when the initials are the same too). Everybody else travels without a last name."""
    pairs = [(p["first_name"] or "", (originals.get(p["id"]) or {}).get("last_name") or "") for p in people]
    for p, (first, _last), shown in zip(people, pairs, distinct_first_names(pairs), strict=True):
        if first and shown != first and shown.startswith(first + " "):
            p["last_name"] = shown[len(first) + 1:]


def package_file_name(event_stem: str, number: int, width: int = 2) -> str:
    """The file of one table's package, in the user's language: "Buurtdag – tafel 03.dialogue"."""
    name = f"{event_stem} – " + _("table {n}").format(n=str(number).zfill(width)) + EVENT_SUFFIX
    return name.replace("/", "-").replace("\\", "-")
