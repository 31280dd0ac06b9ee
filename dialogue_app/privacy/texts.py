"""Default consent texts, one per sensitive dimension, in every supported language.

They are translated through gettext (``translations/<lang>/privacy.po``) and
become version 1 of an event's consent text the first time they are used or
edited; an organiser's edit makes a new version (see
:mod:`dialogue_app.services.privacy`).
"""

from __future__ import annotations

from dialogue_app.i18n import N_, language
from dialogue_app.i18n import gettext as _

ORIGIN_TEXT = N_(
    "I agree that the organisers record my cultural or ethnic origin. They use it only to put together "
    "tables where people of different backgrounds meet. It is never printed on badges, table cards or "
    "lists, never shown to other participants and never shared with anyone else. I may answer “prefer "
    "not to say”. I can withdraw this consent at any time, as easily as I gave it; my answer is then "
    "deleted at once."
)
RELIGION_TEXT = N_(
    "I agree that the organisers record my religion or belief. They use it only to put together tables "
    "where people of different backgrounds meet. It is never printed on badges, table cards or lists, "
    "never shown to other participants and never shared with anyone else. I may answer “prefer not to "
    "say”. I can withdraw this consent at any time, as easily as I gave it; my answer is then deleted "
    "at once."
)
GENERIC_TEXT = N_(
    "I agree that the organisers record my answer about “{dimension}”. They use it only to put together "
    "tables where people of different backgrounds meet. It is never printed on badges, table cards or "
    "lists, never shown to other participants and never shared with anyone else. I may answer “prefer "
    "not to say”. I can withdraw this consent at any time, as easily as I gave it; my answer is then "
    "deleted at once."
)

DEFAULTS = {"origin": ORIGIN_TEXT, "religion": RELIGION_TEXT}


def default_consent_text(dimension_key: str, dimension_name: str, lang: str) -> str:
    """The app's own consent wording for a sensitive dimension, in ``lang``."""
    with language(lang):
        source = DEFAULTS.get(dimension_key)
        if source is not None:
            return _(source)
        return _(GENERIC_TEXT).format(dimension=dimension_name)
