"""One unit of work, run again when the database says it may succeed a second time.

On a shared server two writers can collide: PostgreSQL aborts one with a serialization failure or a
deadlock (SQLSTATE 40001 / 40P01), and the ORM's version check finds a row another user changed
between this unit's read and its write (``StaleDataError``). Both are harmless to retry: the unit
reads again and, when the row really changed under the user's edit, the edit's own version check
(services/versions.py) says so. After a few attempts (with a random pause, so two clients do not
collide again in step) the last error is raised, in plain words.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.orm.exc import StaleDataError

from dialogue_app.errors import ConflictError
from dialogue_app.i18n import gettext as _
from dialogue_app.storage.pg_errors import is_retryable

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dialogue_app.storage.event_store import EventStore

T = TypeVar("T")

#: how often a unit of work is tried in all
ATTEMPTS = 4


def retryable(exc: BaseException) -> bool:
    """True for a serialization failure, a deadlock or a row changed between read and write."""
    if isinstance(exc, StaleDataError) or isinstance(exc.__cause__, StaleDataError):
        return True
    return is_retryable(exc) or (exc.__cause__ is not None and is_retryable(exc.__cause__))


def run_unit(store: EventStore, fn: Callable[[Session], T], *, attempts: int = ATTEMPTS,
             sleep: Callable[[float], None] = time.sleep) -> T:
    """``fn(session)`` in one transaction of ``store``, run again (up to ``attempts`` times in all)
    when it failed in a retryable way; the last such failure is raised as a ``ConflictError``."""
    for attempt in range(1, attempts + 1):
        try:
            with store.session() as s:
                return fn(s)
        except Exception as exc:
            if not retryable(exc):
                raise
            if attempt >= attempts:
                if isinstance(exc, ConflictError):
                    raise
                raise ConflictError(_("Someone else changed the same data at the same moment. Try again.")) from exc
            sleep(0.02 * 2 ** attempt * (0.5 + random.random()))
    raise AssertionError("unreachable")
