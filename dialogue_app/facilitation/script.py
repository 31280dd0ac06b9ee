"""The default script of a Day of Dialogue table, and theme rendering.

All texts are marked with ``N_`` and translated when a script is created for an
event (in the event's language); organisers then edit their own copy. The theme
is woven in with the placeholder ``{theme}``; any other brace an organiser types
is shown as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dialogue_app.i18n import N_

THEME_PLACEHOLDER = "{theme}"
_THEME = re.compile(r"\{\s*theme\s*\}")


def render(text: str, theme: str) -> str:
    """Fill in ``{theme}``; every other brace is left untouched (never raises)."""
    theme = theme.strip() or "…"
    return _THEME.sub(lambda _m: theme, text or "")


@dataclass(frozen=True)
class DefaultPhase:
    key: str
    title: str
    purpose: str
    minutes: int
    question: str
    back_pocket: tuple[str, ...]
    say: str
    do: str
    capture: str = ""


DEFAULT_PHASES: tuple[DefaultPhase, ...] = (
    DefaultPhase(
        "opening", N_("Opening"),
        N_("Welcome everyone, explain what a dialogue is and agree on the ground rules."),
        10,
        N_("Welcome! Today we talk about “{theme}”. What would make this a good conversation for you?"),
        (N_("What do you need from the others to speak freely?"),
         N_("Which of the ground rules matters most to you?")),
        N_("Thank everyone for coming. Explain that a dialogue is about listening and understanding, "
           "not about winning an argument. Read the ground rules aloud."),
        N_("Hand out the before survey if your event uses one. Write the first names down in seating order."),
    ),
    DefaultPhase(
        "acquainted", N_("Getting acquainted"),
        N_("Meet each other and make a first link with the theme."),
        20,
        N_("Who are you, and what comes to mind when you hear “{theme}”?"),
        (N_("What brought you here today?"),
         N_("Where in the city do you feel at home?"),
         N_("Who recognises something in what was just said?")),
        N_("Invite each person in turn, following the talking-stick order. Keep it short: about two minutes each."),
        N_("Note a word or two per person so you can link later stories to what they said."),
    ),
    DefaultPhase(
        "experiences", N_("Experiences"),
        N_("Each person tells a concrete, positive story from their own life about the theme."),
        35,
        N_("Tell us about a moment when you really experienced “{theme}” at its best. "
           "What happened, and what made it possible?"),
        (N_("What did that moment mean to you?"),
         N_("What did you do yourself to make it happen?"),
         N_("Who else played a part?"),
         N_("Does anyone recognise this from their own life?")),
        N_("Ask for a real story, not an opinion. Let the storyteller finish before others react."),
        N_("Ask follow-up questions and link the stories to each other. This round often runs over: watch the time."),
    ),
    DefaultPhase(
        "dream", N_("Dream"),
        N_("Imagine together the future you would like to see for the theme."),
        25,
        N_("Imagine it is ten years from now and “{theme}” is exactly as you wish. What do you see around you?"),
        (N_("What is different from today?"),
         N_("Who is involved, and how do people treat each other?"),
         N_("Which part of your story from the last round is in this dream?")),
        N_("Invite people to dream freely: this is not yet the moment for obstacles or plans."),
        N_("Gather the shared images of the dream; they may go on the dream wall."),
    ),
    DefaultPhase(
        "do", N_("Do"),
        N_("Bring the dream down to earth: everyone names one small step they will take themselves."),
        20,
        N_("What small step will you take yourself, starting tomorrow, to bring this dream about “{theme}” closer?"),
        (N_("What exactly will you do, and when?"),
         N_("Who at this table could do it with you?"),
         N_("What would help you keep your promise?")),
        N_("Ask each person for one concrete, personal step. Small is fine; it should be something they really will do."),
        N_("Record every commitment: the text, optionally who made it and with whom, and a target date."),
        capture="commitments",
    ),
    DefaultPhase(
        "closing", N_("Closing"),
        N_("Harvest what the conversation brought, thank everyone and say goodbye."),
        10,
        N_("What will you take home from this conversation?"),
        (N_("What surprised you today?"),
         N_("Would you like to stay in touch with someone from this table?")),
        N_("Thank everyone for their openness and their stories. Say what happens next with the commitments."),
        N_("Hand out the after survey if your event uses one, and collect it before people leave."),
    ),
)

DEFAULT_GROUND_RULES: tuple[str, ...] = (
    N_("Let others finish what they are saying."),
    N_("Do not answer a story with your own story straight away: ask about it first."),
    N_("Speak from “I”, not from “people say”."),
    N_("When someone generalises, ask what they mean."),
    N_("Hold back your judgement and explore it instead."),
    N_("Silences are fine."),
    N_("What is shared here stays at this table."),
    N_("Nobody has to answer."),
)
