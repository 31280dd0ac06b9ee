"""Inside a table package (an event file cut for some tables, see ``dialogue_app.offline``) some
actions make no sense: planning would reseat people the organiser's file does not know about, and an
import would add people that never reach the organiser's plan. Those controls are disabled there,
with a tooltip saying why."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _

PLAN_REASON = N_("This is a table package: tables are planned in the organiser's event file. Plan there, "
                 "then make the packages again.")
IMPORT_REASON = N_("This is a table package: people are imported into the organiser's event file. Import "
                   "there, then make the packages again.")


def in_package(ctx) -> bool:
    """True when the open event file is a table package (``EventSettings.is_package``)."""
    if not ctx.has_event:
        return False
    from dialogue_app.services.events import get_settings

    return bool(ctx.read(get_settings).is_package)


def disable_in_package(ctx, control: QWidget | QAction, reason: str) -> bool:
    """Disable ``control`` with the (N_-marked) ``reason`` as tooltip when the event is a package.
    Returns True when it did."""
    if not in_package(ctx):
        return False
    text = _(reason)
    control.setEnabled(False)
    control.setToolTip(text)
    if isinstance(control, QAction):
        control.setStatusTip(text)
    else:
        control.setAccessibleDescription(text)
    return True
