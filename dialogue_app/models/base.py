"""Declarative base shared by every ORM class.

Primary keys are UUIDs (files made on different laptops are merged later) and
every row carries ``created_at``/``updated_at`` so merges can tell what changed, and a
``row_version`` the ORM bumps on every UPDATE (``version_id_col``): a flush that finds the row
at another version than it read raises ``StaleDataError`` instead of overwriting another
user's change (a shared event on a server). Core ``update()`` statements bump it themselves.
Only portable SQLAlchemy types are used: the same models will later run on a
shared PostgreSQL server.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class IdMixin:
    """UUID primary key, creation / modification times (UTC, naive) and the row's version."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    #: 1 when inserted, +1 on every change (the ORM's version counter; not ``version``: ConsentText has one)
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]
