"""Opening a damaged event: offer its newest backup instead of only an error (issue 28, class 6).

Only for real damage (:class:`EventFileCorrupt`): a read-only place or a full disk is reported as
such and never leads here. The damaged file is kept as a "damaged" backup before the swap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dialogue_app import i18n
from dialogue_app.errors import DialogueError, EventFileCorrupt
from dialogue_app.i18n import gettext as _
from dialogue_app.storage import backups


def offer_restore(ctx: Any, path: str | Path, exc: BaseException) -> bool:
    """Ask whether to restore the newest backup of a damaged event; True when it was restored.
    ``ctx``: the :class:`~dialogue_app.ui.context.AppContext` asking (not imported: it imports us)."""
    if not isinstance(exc, EventFileCorrupt):
        return False
    try:
        found = [b for b in backups.list_backups(path) if b.label != "damaged"]
    except OSError:
        return False
    if not found:
        return False
    newest = found[0]
    when = i18n.format_date(newest.taken_at.date()) + " " + i18n.format_time(newest.taken_at)
    yes = ctx.dialogs.confirm(
        ctx.window, _("Restore a backup"),
        exc.message + "\n\n" + _("Restore the newest backup, of {when}? The damaged file is kept as a "
                                 "backup too.").format(when=when),
        key="restore_backup", unattended=False)
    if not yes:
        return False
    try:
        backups.restore_backup(path, newest.path)
    except DialogueError as err:
        ctx.report_error(err)
        return False
    ctx.status_message.emit(_("Restored the backup of {when}; the damaged file is kept as a backup.").format(
        when=when))
    return True
