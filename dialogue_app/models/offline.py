"""Bookkeeping for table packages and merging them back (see dialogue_app.offline).

* ``package_manifest``: one row in a table package saying where it was cut from.
* ``package_baseline``: in a package, every packaged row's values at packaging time,
  so that a merge can tell what the facilitator changed.
* ``package_merge_state``: in the organiser's file, the values of each package row
  as last merged, so that merging a package again (or a later copy of it) only
  brings what changed since.

None of these tables ever travels in a package or is merged.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from dialogue_app.models.base import Base, IdMixin


class PackageManifest(IdMixin, Base):
    __tablename__ = "package_manifest"

    #: The organiser's event this package was cut from.
    source_event_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    #: The packaged table numbers, comma-separated ("3,4").
    table_numbers: Mapped[str] = mapped_column(String(1000), default="")
    with_contacts: Mapped[bool] = mapped_column(Boolean, default=False)
    app_version: Mapped[str] = mapped_column(String(32), default="")
    #: The name of the organiser's file, for messages.
    source_name: Mapped[str] = mapped_column(String(300), default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)


class PackageBaseline(IdMixin, Base):
    __tablename__ = "package_baseline"
    __table_args__ = (UniqueConstraint("table_name", "row_id"),)

    table_name: Mapped[str] = mapped_column(String(100))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    #: JSON object column -> normalised value, as packaged.
    values: Mapped[str] = mapped_column(Text, info={"personal": True})


class PackageMergeState(IdMixin, Base):
    __tablename__ = "package_merge_state"
    __table_args__ = (UniqueConstraint("package_id", "table_name", "row_id"),)

    package_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    table_name: Mapped[str] = mapped_column(String(100))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    #: JSON of the package's values as last merged; "" once the row was deleted in the package.
    values: Mapped[str] = mapped_column(Text, info={"personal": True})
    #: True when the row was created in the package (so a deletion there may propagate).
    created_in_package: Mapped[bool] = mapped_column(Boolean, default=False)
