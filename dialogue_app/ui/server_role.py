"""The window shows what the connected user's role on a shared server allows.

The server enforces the roles; this only hides what a role cannot do (areas, the door's Plan page,
importing and exporting) and turns a refusal into words that name the role it needs. On an event
file everything stays as it was.
"""

from __future__ import annotations

from typing import Any

from dialogue_app.errors import DialogueError, NotAllowed
from dialogue_app.services.server_role import EVERYTHING, ServerRole, current_role, refusal_text
from dialogue_app.ui import areas


def role_of(ctx: Any) -> ServerRole:
    """The connected user's role for the open event (asked once per opened event; everything on a
    file, with no event, or when the server cannot say)."""
    store = getattr(ctx, "store", None)
    if store is None or not store.is_server:
        return EVERYTHING
    known = getattr(ctx, "_server_role", None)
    if known is not None and known[0] is store:
        return known[1]
    try:
        with store.read_session() as s:
            role = current_role(s)
    except DialogueError:
        role = EVERYTHING  # the server is out of reach: it still refuses what the role may not do
    ctx._server_role = (store, role)
    return role


def apply_role(window: Any, preferred_row: int) -> int:
    """Show the areas and actions the connected user's role allows; return the row to open
    (``preferred_row`` when allowed, else the first allowed area)."""
    role = role_of(window.ctx)
    allowed_rows = []
    for row, spec in enumerate(areas.AREAS):
        allowed = role.may(spec.key)
        window.nav.item(row).setHidden(not allowed)
        window.area_actions[row].setVisible(allowed)
        window.area_actions[row].setEnabled(allowed)
        if allowed:
            allowed_rows.append(row)
    organiser = "organiser" in role.roles
    for act in (window.act_import, *window.offline_actions):
        if not organiser:
            act.setEnabled(False)
    if not role.reads_background:
        window.act_export.setEnabled(False)
    if role.door_only:
        tables = window.panel("tables")
        tables.tabs.setTabVisible(tables.tabs.indexOf(tables.plan_view), False)
        tables.tabs.setCurrentWidget(tables.checkin)
        tables.checkin.rebalance_button.hide()  # rebalancing reads background values
    if preferred_row in allowed_rows or not allowed_rows:
        return preferred_row
    return allowed_rows[0]


def _current_area(ctx: Any) -> str | None:
    window = ctx.window
    nav = getattr(window, "nav", None)
    if nav is None or nav.currentRow() < 0:
        return None
    return areas.AREAS[nav.currentRow()].key


def explain_refusal(ctx: Any, exc: BaseException) -> BaseException:
    """A refusal by the server (:class:`NotAllowed`) in words naming the role the action needs;
    any other error as it is."""
    if not isinstance(exc, NotAllowed):
        return exc
    role = role_of(ctx)
    if not role.on_server:
        return exc
    explained: DialogueError = NotAllowed(refusal_text(role, _current_area(ctx)))
    explained.__cause__ = exc
    return explained
