"""The commands of ``dialogue-app``, registered by name: the module under ``dialogue_app.cli``
that defines each one (with ``register(subparsers)``) and its one-line help.

``dialogue-app --help`` lists the commands from here without importing any command module;
running a command imports only its module, and that module imports the services it uses
inside its command functions. A new command is one line here plus its module's ``register``.
"""

from __future__ import annotations

from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _

#: command name -> (module in dialogue_app.cli, help), in the order ``--help`` lists them
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("event", N_("create an empty event with the default dimensions")),
    "info": ("event", N_("show the schema version, people by role, tables and dimensions")),
    "tables": ("event", N_("add tables to an event")),
    "open": ("event", N_("open an event in the app")),
    "demo": ("event", N_("write a realistic fictional event and open it")),
    "export": ("export", N_("write an export or a printable document")),
    "schedule": ("facilitation", N_("show the script of the rounds with a table's planned times")),
    "commitments": ("facilitation", N_("count the commitments by kind and follow-up status")),
    "followup-consent": ("followup",
                         N_("record that participants agreed to be contacted about their commitment")),
    "impact": ("impact", N_("pool the survey exports of many events into one impact report")),
    "package": ("offline", N_("write a table package: an event file with only what some tables need")),
    "merge": ("offline", N_("bring back what was recorded in table packages")),
    "backups": ("offline", N_("list the automatic backups of an event file")),
    "restore-backup": ("offline", N_("replace an event file by one of its backups")),
    "import": ("people", N_("import people from a registration list (CSV or XLSX)")),
    "plan": ("plan", N_("plan diverse tables under the hard rules and store the plan")),
    "print": ("printing", N_("make a printed document (PDF) with its layout options")),
    "forget": ("privacy", N_("remove one person everywhere: the event file, its WAL and its backups")),
    "purge": ("privacy", N_("anonymise every person of the event (after the retention date)")),
    "subject-access": ("privacy", N_("export everything the event holds about one person as JSON")),
    "privacy": ("privacy", N_("show what is stored, the retention date, consent counts and backups")),
    "push": ("transfer", N_("copy an event file onto a server as a new event")),
    "pull": ("transfer", N_("copy an event from a server into an event file")),
    "server": ("server", N_("administer a PostgreSQL server: prepare it, list its events, manage logins")),
    "checkin": ("seating", N_("mark a person present by their participant code")),
    "import-survey": ("survey", N_("import survey answers from a spreadsheet (all or nothing)")),
    "report": ("survey", N_("print the survey's headline figures and test results")),
    "demo-training": ("training", N_("write a realistic fictional training event and open it")),
    "trainees": ("training", N_("list the trainees of a training event and who is ready")),
    "practice": ("training", N_("plan the practice rounds of a training event")),
}


def command_help(name: str) -> str:
    """The translated one-line help of a command."""
    return _(COMMANDS[name][1])
