"""Which role the connected user has on a shared server, and so what the app offers them.

The server enforces the roles (grants and row-level security, :mod:`dialogue_app.storage.pg_roles`);
the app only hides what a role cannot do and names the role a refused action needs. On an event
file the person at the laptop may do everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _
from dialogue_app.storage.pg_users import connected_roles

#: Role keys in the order they are named; their names for people.
ROLE_NAMES: dict[str, str] = {
    "organiser": N_("organiser"),
    "door": N_("door volunteer"),
    "facilitator": N_("facilitator"),
    "privacy": N_("privacy officer"),
}
ALL_AREAS = frozenset({"event", "people", "tables", "facilitation", "commitments", "surveys", "reports",
                       "training", "privacy"})
#: The areas of the main window each role works in.
ROLE_AREAS: dict[str, frozenset[str]] = {
    "organiser": ALL_AREAS,
    "door": frozenset({"tables"}),  # the Tables area shows the door its Check-in page only
    "facilitator": frozenset({"facilitation", "commitments", "surveys"}),
    "privacy": frozenset({"people", "privacy"}),
}


@dataclass(frozen=True)
class ServerRole:
    """The connected user's roles (``user`` "" on an event file, where everything is allowed)."""

    user: str
    roles: frozenset[str]

    @property
    def on_server(self) -> bool:
        return bool(self.user)

    @property
    def areas(self) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for role in self.roles:
            out |= ROLE_AREAS[role]
        return out

    def may(self, area: str) -> bool:
        return area in self.areas

    @property
    def door_only(self) -> bool:
        """Check-in and nothing else: the Tables area shows its Check-in page only."""
        return not self.roles - {"door"} and "door" in self.roles

    @property
    def reads_background(self) -> bool:
        """May read people's background values (the door and facilitators may not)."""
        return bool(self.roles & {"organiser", "privacy"})

    def names(self) -> str:
        """The roles in words ("door volunteer"; "no role" when none)."""
        held = [_(ROLE_NAMES[r]) for r in ROLE_NAMES if r in self.roles]
        return ", ".join(held) if held else _("no role")


EVERYTHING = ServerRole("", frozenset(ROLE_NAMES))


def current_role(session: Session) -> ServerRole:
    """The roles of whoever this session is connected as (everything on an event file)."""
    found = connected_roles(session.connection())
    if found is None:
        return EVERYTHING
    return ServerRole(found.user, found.roles)


def roles_for_area(area: str) -> tuple[str, ...]:
    """The role keys whose users work in ``area`` (the organiser last: they may do everything)."""
    keys = [r for r in ROLE_NAMES if r != "organiser" and area in ROLE_AREAS[r]]
    return (*keys, "organiser")


def refusal_text(role: ServerRole, area: str | None) -> str:
    """What to tell someone whose action the server refused: who they are, the role it needs (a role
    of the area they do not hold yet; else the organiser's)."""
    missing = [r for r in roles_for_area(area or "event") if r not in role.roles] or ["organiser"]
    needed = " / ".join(_(ROLE_NAMES[r]) for r in missing)
    return _(
        "The server refused this: it needs the role {needed}, and you are connected as {user} with the role "
        "{roles}. Ask an organiser to give you that role."
    ).format(needed=needed, user=role.user, roles=role.names())
