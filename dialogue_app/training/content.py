"""What trainers hand out: scenario cards, practice personas, agendas, exercises, the
facilitator checklist and the coordinator handout.

All texts are written for this app in our own words and marked with ``N_``; translate
them at display time (``gettext(card.title)``) so documents come out in the training
language.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from dialogue_app import demo_data
from dialogue_app.i18n import N_


@dataclass(frozen=True)
class Scenario:
    """A difficult situation dealt to a practice table, with what the facilitator can do."""

    key: str
    title: str
    situation: str
    moves: tuple[str, ...]


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "dominates", N_("Someone dominates"),
        N_("One guest answers every question first and at length, and starts to explain what the others "
           "meant. The rest of the table goes quiet."),
        (N_("Thank the speaker for the story and turn to the next person by name."),
         N_("Use the talking-stick order: everyone speaks once before anyone speaks twice."),
         N_("In the break, ask the person kindly to help you give the others room."))),
    Scenario(
        "silent", N_("Someone stays silent"),
        N_("A guest has said only their name. They listen closely but pass whenever it is their turn."),
        (N_("Make eye contact and leave a short, open silence before moving on."),
         N_("Offer an easy way in: “Is there something here you recognise?”"),
         N_("Remember that nobody has to answer; listening is taking part too."))),
    Scenario(
        "debate", N_("The talk turns into a debate"),
        N_("Two guests disagree about the theme and start trying to convince each other. Others take sides."),
        (N_("Name what is happening without blame: “We are debating now; let us go back to experiences.”"),
         N_("Ask each of them for a personal experience behind their opinion."),
         N_("Invite the rest of the table: “Who recognises something in both stories?”"))),
    Scenario(
        "generalisation", N_("A sweeping generalisation"),
        N_("A guest says: “Those people never want to fit in.” The mood at the table changes at once."),
        (N_("Stay calm and curious; do not lecture."),
         N_("Ask for the experience behind it: “Who do you have in mind? What happened?”"),
         N_("Remind the table of the ground rule: speak from “I”, not “people say”."))),
    Scenario(
        "painful", N_("A painful story"),
        N_("In the experiences round a guest tells, with tears, about a loss or about being excluded. "
           "The table falls silent."),
        (N_("Slow down, thank the guest and let the silence be."),
         N_("Do not try to solve it and do not push for more detail."),
         N_("Check gently whether the guest wants to go on, and offer to talk after the table."))),
    Scenario(
        "leaves", N_("A participant leaves"),
        N_("Halfway through the dream round a guest stands up, says this is not for them and walks "
           "towards the door."),
        (N_("Let them go with respect; if you can, thank them briefly."),
         N_("Tell the table in one sentence what happened, without judging."),
         N_("Pick the round up again; tell the organiser afterwards."))),
)


def scenario(key: str) -> Scenario | None:
    return next((s for s in SCENARIOS if s.key == key), None)


# --- practice personas ---------------------------------------------------------------------

#: Short background sketches for fictional practice guests: (sketch, "f"/"m"/"" , youngest, oldest).
#: Independent of a persona's name: nobody's background is derived from their origin.
SKETCHES: tuple[tuple[str, str, int, int], ...] = (
    (N_("Retired bus driver. Has lived in the same street for forty years and misses the corner shop."), "", 64, 80),
    (N_("Student nurse who works night shifts. Came to the city two years ago and hardly knows her neighbours."),
     "f", 19, 26),
    (N_("Runs a bakery with her brother. Talks to a hundred customers a day but rarely has time for a real "
        "conversation."), "f", 30, 55),
    (N_("Father of three, volunteers as a football coach on Saturdays. Worries about where his children can "
        "play."), "m", 32, 48),
    (N_("Arrived four years ago as a refugee, now learns the language and works in a warehouse. Wants to be more "
        "than “the newcomer”."), "", 22, 45),
    (N_("Retired teacher who sings in a choir. Sceptical: “We have talked enough, now something should "
        "happen.”"), "", 63, 78),
    (N_("Young software developer who works from home. Came because a colleague asked; not sure what to "
        "expect."), "", 24, 34),
    (N_("Grandmother who looks after her grandchildren every Wednesday. Knows everyone at the school gate."),
     "f", 58, 75),
    (N_("Works for the housing association. Hears many complaints and hopes to hear something else tonight."),
     "", 28, 60),
    (N_("Owns a small cleaning company and employs people from twelve countries. Proud of his team."),
     "m", 35, 60),
    (N_("Secondary-school pupil, seventeen, came with her mother. Has strong opinions and says so."), "f", 17, 17),
    (N_("Volunteer at a mosque who also runs a homework club. Open and curious about the others."), "", 25, 55),
)


@dataclass(frozen=True)
class Persona:
    """A fictional guest at a practice table (for role play)."""

    first_name: str
    last_name: str
    age: int
    sketch: str  # N_-marked; translate at display


def practice_personas(n: int, seed: int = 0) -> list[Persona]:
    """``n`` fictional practice guests with names from many origins and a sketch each.

    Deterministic for a seed; no two personas share a sketch while there are sketches left.
    """
    rng = random.Random(seed)
    origins = list(demo_data.ORIGINS)
    order = list(range(len(SKETCHES)))
    rng.shuffle(order)
    out: list[Persona] = []
    used: set[tuple[str, str]] = set()
    for i in range(n):
        sketch, gender, lo, hi = SKETCHES[order[i % len(order)]]
        female = gender == "f" or (gender == "" and rng.random() < 0.5)
        for _try in range(30):
            o = demo_data.ORIGINS[rng.choice(origins)]
            first = rng.choice(o["female"] if female else o["male"])
            last = rng.choice([s for s in o["surnames"] if same_script(s, first)] or o["surnames"])
            if (first, last) not in used:
                break
        used.add((first, last))
        out.append(Persona(first, last, rng.randint(lo, hi), sketch))
    return out


def same_script(a: str, b: str) -> bool:
    """True when both names are in Latin script, or neither is (no "Андрій Kovalenko")."""
    def latin(s: str) -> bool:
        return all(ord(c) < 0x250 for c in s)

    return latin(a) == latin(b)


# --- agendas --------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgendaItem:
    minutes: int
    title: str  # N_
    detail: str = ""  # N_


@dataclass(frozen=True)
class Agenda:
    key: str
    title: str  # N_
    days: tuple[tuple[AgendaItem, ...], ...]  # one tuple of items per day (or part)

    @property
    def total_minutes(self) -> int:
        return sum(i.minutes for day in self.days for i in day)


_WELCOME = AgendaItem(15, N_("Welcome and introductions"), N_("Names, why you came, one good conversation you had."))
_DVD = AgendaItem(25, N_("Dialogue or debate?"), N_("Exercise 1; what a facilitator does and does not do."))
_AI = AgendaItem(20, N_("Appreciative questions"), N_("The four rounds and their questions; exercise 2."))
_PRACTICE = AgendaItem(45, N_("Practice table"), N_("Trainees take turns facilitating a round; observers give "
                                                    "feedback."))
_SCEN = AgendaItem(30, N_("Difficult situations"), N_("Scenario cards played at the practice tables."))
_TIME = AgendaItem(20, N_("Keeping time"), N_("Rehearse a round with the timer running fast."))
_CLOSE = AgendaItem(10, N_("Closing and next steps"), N_("Co-facilitation dates, the checklist, questions."))
_BREAK = AgendaItem(15, N_("Break"))
_LUNCH = AgendaItem(45, N_("Lunch"))

AGENDAS: tuple[Agenda, ...] = (
    Agenda("evening", N_("A two-hour evening"), ((
        AgendaItem(10, _WELCOME.title, _WELCOME.detail), AgendaItem(20, _DVD.title, _DVD.detail),
        AgendaItem(15, _AI.title, _AI.detail), AgendaItem(55, _PRACTICE.title,
                                                          N_("One round per trainee with a scenario card.")),
        AgendaItem(10, _TIME.title, _TIME.detail), AgendaItem(10, _CLOSE.title, _CLOSE.detail)),)),
    Agenda("day", N_("A full day"), ((
        _WELCOME, _DVD, _AI, _BREAK, _PRACTICE, _LUNCH, _SCEN, _PRACTICE, _BREAK, _TIME,
        AgendaItem(30, N_("Your own table"), N_("Prepare the script, materials and timing of your first table.")),
        _CLOSE),)),
    Agenda("two_days", N_("Two days"), (
        (_WELCOME, _DVD, _AI, _BREAK, _PRACTICE, _LUNCH, _SCEN, _BREAK,
         AgendaItem(30, N_("Listening and summarising"), N_("Exercise 4 in pairs.")), _CLOSE),
        (AgendaItem(15, N_("Looking back on day one"), N_("What stayed with you? What do you still find hard?")),
         _PRACTICE, _BREAK, _SCEN, _LUNCH, _TIME,
         AgendaItem(45, N_("A full practice dialogue"), N_("All four rounds at one table, with a trainee "
                                                           "facilitating each round.")),
         _BREAK, AgendaItem(30, N_("Your own table"), N_("Prepare the script, materials and timing of your "
                                                          "first table.")), _CLOSE),
    )),
)


def agenda(key: str) -> Agenda:
    for a in AGENDAS:
        if a.key == key:
            return a
    raise KeyError(key)


# --- exercises, checklist, coordinator handout ---------------------------------------------

@dataclass(frozen=True)
class Exercise:
    title: str
    minutes: int
    steps: str


EXERCISES: tuple[Exercise, ...] = (
    Exercise(N_("1. Dialogue or debate"), 20,
             N_("In pairs, one person argues for a statement for two minutes while the other argues against. "
                "Then both tell an experience that shaped their view, and the other only asks questions. "
                "Compare: what changed in how you listened?")),
    Exercise(N_("2. Turning questions around"), 15,
             N_("Take problem questions (“Why does nobody greet each other here?”) and rewrite them as "
                "appreciative ones (“Tell about a time a neighbour made you feel welcome”).")),
    Exercise(N_("3. Deepen and broaden"), 15,
             N_("One person tells a short story. The facilitator practises one deepening question (“What did "
                "that mean to you?”) and one broadening question (“Who recognises this?”).")),
    Exercise(N_("4. Listening and summarising"), 20,
             N_("In threes: a speaker, a listener, an observer. The listener summarises the story in one or two "
                "sentences without adding an opinion; the observer says what helped.")),
    Exercise(N_("5. Scenario cards"), 30,
             N_("At a practice table one trainee facilitates a round. The trainer gives one guest a scenario "
                "card in secret. Afterwards the table names what the facilitator did and what else could work.")),
)

CHECKLIST: tuple[str, ...] = (
    N_("I know the theme and the four round questions by heart."),
    N_("I have the facilitator guide, name cards, pens and the survey forms."),
    N_("I arrive 30 minutes early and arrange the chairs in a circle."),
    N_("I welcome everyone by name and explain the ground rules."),
    N_("I keep to the talking-stick order and share time fairly."),
    N_("I stay out of the content: I ask, I do not give my opinion."),
    N_("I turn a debate back into experiences."),
    N_("I watch the time and close each round on time."),
    N_("I collect one small, personal step from everyone in the last round."),
    N_("I hand in the survey forms and commitments to the organiser."),
)

COORDINATOR_SECTIONS: tuple[tuple[str, str], ...] = (
    (N_("Theme"),
     N_("Choose one positive, inviting theme with partners in the city. Enter it in the Event area; it appears on "
        "every table card, guide and the report.")),
    (N_("Hosts and venues"),
     N_("Recruit hosts: community centres, schools, places of worship, companies, city hall. Each host invites "
        "guests; register them with their host so they sit at the host's table.")),
    (N_("Diversity"),
     N_("Import the registrations in the People area and let the Tables area mix them on age, gender, "
        "neighbourhood and more. Origin and religion are used only with explicit consent and never printed.")),
    (N_("Facilitators"),
     N_("Give every table a trained facilitator. The Training area lists who is ready; train extra facilitators "
        "for new tables and pair beginners with experienced colleagues.")),
    (N_("Survey"),
     N_("Print the before and after forms with a code per participant, enter the answers afterwards and let the "
        "app match them and compute the results.")),
    (N_("Report"),
     N_("Collect the commitments and survey results, export the report for the city council and plan the "
        "follow-up after four to eight weeks.")),
)
