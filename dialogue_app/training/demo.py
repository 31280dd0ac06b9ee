"""The demo training's plain settings: where its trainees come from and how many it may have."""

from __future__ import annotations

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _

CITIES = ("Rotterdam", "Rotterdam", "Rotterdam", "Schiedam", "Dordrecht", "Ghent", "Lille")
MAX_TRAINEES = 500


def check_trainees(trainees: int) -> None:
    """A demo training has 2 to MAX_TRAINEES trainees (checked before any work starts)."""
    if not 2 <= trainees <= MAX_TRAINEES:
        raise UserInputError(_("The number of trainees must be between 2 and {max}.").format(max=MAX_TRAINEES))
