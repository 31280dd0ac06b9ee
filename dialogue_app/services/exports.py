"""What an export needs of the event before it is written (:func:`dialogue_app.exports.run_export`
calls it by name, like the writers)."""

from __future__ import annotations

from dialogue_app.errors import NotFound
from dialogue_app.i18n import ngettext
from dialogue_app.services.tables import list_tables


def check_tables_exist(store, numbers: tuple[int, ...]) -> None:
    """A table the event does not have is a mistake, not an empty document."""
    with store.session() as s:
        known = {t.number for t in list_tables(s)}
    missing = sorted(set(numbers) - known)
    if missing:
        raise NotFound(ngettext("There is no table {numbers}.", "There are no tables {numbers}.", len(missing))
                       .format(numbers=", ".join(map(str, missing))))
