"""Everything that leaves the app, listed in one place.

Each export kind names the function that writes it and what personal data it
may contain. The command line (``dialogue-app export FILE KIND -o OUT``) and
the GUI both go through :func:`run_export`. Rules for every kind:

* sensitive dimension values (origin, religion) never appear in a printed document
  or a table package, and only in the exports marked ``sensitive_values`` (the
  organiser's people list, for people who consented; a person's own subject-access
  export): :func:`sensitive_rule` says so in words, for the Privacy page, the person
  dialog and the Event screen;
* default exports are pseudonymous or carry only what their purpose needs
  (a badge needs a first name); contact details only where stated below;
* CSV files are UTF-8 with BOM and formula-safe (:func:`dialogue_app.csvsafe`).

Subject-access exports (everything about one person, for that person) are
separate (:data:`SUBJECT_ACCESS`, not in :data:`EXPORTS`): see
``dialogue-app subject-access FILE CODE -o OUT.json`` and the privacy page.

``people-csv`` is the organiser's own registration list (the round trip with
their spreadsheet): it declares contact details, and sensitive values appear in
it only for people who consented (a sensitive value is never stored without
consent). Every other export is tested to hold neither
(``tests/privacy/test_exports.py``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import N_, ngettext
from dialogue_app.i18n import gettext as _


@dataclass(frozen=True)
class ExportOptions:
    tables: tuple[int, ...] = ()  # only these table numbers (empty: all)
    lang: str | None = None  # document language (default: the event's)
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ExportSpec:
    kind: str
    fmt: str  # "csv", "sqlite", "pdf"
    #: "module:function" with signature fn(store, out: Path, options, progress, should_stop) -> int (items written)
    writer: str
    description: str  # N_-marked
    #: what personal data the output may contain (N_-marked), for the privacy page
    personal_data: str
    contact_details: bool = False
    sensitive_values: bool = False  # may hold sensitive values (for people who consented); tested
    #: what the user calls it (N_-marked), e.g. "People list (CSV)"; the kind is an internal key
    title: str = ""
    #: the default file name without the extension (N_-marked), e.g. "People list"
    file_stem: str = ""

    def label(self) -> str:
        """The translated name of this kind for lists and messages (never the internal key)."""
        return _(self.title) if self.title else _(self.description)

    def default_file_name(self) -> str:
        """The default file name in the current language: "Naambadges.pdf", "Lijst van mensen.csv"."""
        stem = _(self.file_stem or self.title or self.description)
        for bad in '/\\:*?"<>|':
            stem = stem.replace(bad, "-")
        return f"{stem}.{self.fmt}"


EXPORTS: tuple[ExportSpec, ...] = (
    ExportSpec("people-csv", "csv", "dialogue_app.services.importing.people_export:write_people_csv",
               N_("People with their codes, roles, languages, needs, attendance and dimension values"),
               N_("Names, e-mail and phone, participant codes, non-sensitive background; sensitive values only "
                  "where the person consented"), contact_details=True, sensitive_values=True,
               title=N_("People list (CSV)"), file_stem=N_("People list")),
    ExportSpec("seating-csv", "csv", "dialogue_app.services.seating.export:write_seating_csv",
               N_("Who sits where: each person's table and venue in every round"),
               N_("Names, participant codes, roles, table numbers"),
               title=N_("Seating list (CSV)"), file_stem=N_("Seating list")),
    ExportSpec("commitments-csv", "csv", "dialogue_app.services.commitments:write_commitments_csv",
               N_("Commitments to action by table and kind, with their follow-up status"),
               N_("Commitment texts; participant codes only where the commitment is not anonymous"),
               title=N_("Commitments (CSV)"), file_stem=N_("Commitments")),
    ExportSpec("followup-mailmerge", "csv", "dialogue_app.services.followup:write_followup_csv",
               N_("Mail merge for the follow-up: people with a commitment who agreed to be contacted, with a "
                  "message in their language"),
               N_("First and last names, e-mail, phone, participant codes, commitment texts (only people who "
                  "agreed to be contacted)"), contact_details=True,
               title=N_("Follow-up mail merge (CSV)"), file_stem=N_("Follow-up mail merge")),
    ExportSpec("followup-letters", "pdf", "dialogue_app.services.followup:write_followup_letters",
               N_("Follow-up letters with the participant's code as a QR code for the follow-up form"),
               N_("First names, participant codes, commitment texts (only people who agreed to be contacted)"),
               title=N_("Follow-up letters"), file_stem=N_("Follow-up letters")),
    ExportSpec("survey-template", "csv", "dialogue_app.services.survey.exports:write_survey_template",
               N_("Header row and example rows for entering survey answers in a spreadsheet"),
               N_("None"),
               title=N_("Survey entry template (CSV)"), file_stem=N_("Survey entry template")),
    ExportSpec("survey-sqlite", "sqlite", "dialogue_app.services.survey.exports:write_survey_sqlite",
               N_("The survey instrument, answers and results as a standalone SQLite file"),
               N_("None: random respondent keys made for this export, no names, codes or sensitive values"),
               title=N_("Survey data (SQLite)"), file_stem=N_("Survey data")),
    ExportSpec("survey-csv", "csv", "dialogue_app.services.survey.exports:write_survey_csv",
               N_("The survey answers as CSV"),
               N_("None: random respondent keys made for this export"),
               title=N_("Survey answers (CSV)"), file_stem=N_("Survey answers")),
    ExportSpec("badges", "pdf", "dialogue_app.services.printing.writers:write_badges",
               N_("Name badges with QR codes"), N_("First and last names, table numbers, participant codes"),
               title=N_("Name badges"), file_stem=N_("Name badges")),
    ExportSpec("table-cards", "pdf", "dialogue_app.services.printing.writers:write_table_cards",
               N_("Table cards and name tents"), N_("First names, facilitator names"),
               title=N_("Table cards and name tents"), file_stem=N_("Table cards")),
    ExportSpec("facilitator-guide", "pdf", "dialogue_app.services.printing.writers:write_facilitator_guides",
               N_("A guide per table: names, talking-stick order, schedule, questions"), N_("First names"),
               title=N_("Facilitator guides"), file_stem=N_("Facilitator guides")),
    ExportSpec("survey-forms", "pdf", "dialogue_app.services.printing.writers:write_survey_forms",
               N_("Paper survey forms for before and after"), N_("Participant codes as QR codes"),
               title=N_("Survey forms"), file_stem=N_("Survey forms")),
    ExportSpec("commitment-cards", "pdf", "dialogue_app.services.printing.writers:write_commitment_cards",
               N_("Cards with each commitment to take home"), N_("First names and commitment texts"),
               title=N_("Commitment cards"), file_stem=N_("Commitment cards")),
    ExportSpec("report", "pdf", "dialogue_app.services.printing.writers:write_report",
               N_("The event report"), N_("None: event-level counts of at least 5 only"),
               title=N_("Event report"), file_stem=N_("Event report")),
    ExportSpec("trainer-pack", "pdf", "dialogue_app.services.training.pack:write_trainer_pack",
               N_("The trainer pack: agendas, exercises, scenario cards, checklist, attendance list"),
               N_("Trainee names on the attendance list"),
               title=N_("Trainer pack"), file_stem=N_("Trainer pack")),
)

#: Everything held about one person, for answering their request (GDPR Art. 15). Separate from
#: EXPORTS: it needs a person, and it is the only output that may hold everything.
SUBJECT_ACCESS = ExportSpec(
    "subject-access", "json", "dialogue_app.services.privacy:write_subject_access_export",
    N_("Everything the event holds about one person, as readable JSON, for answering their request"),
    N_("Everything about that one person, sensitive values and consent history included"),
    contact_details=True, sensitive_values=True,
               title=N_("Everything about one person (JSON)"), file_stem=N_("Subject access request"))

Progress = Callable[..., None]

#: Checks that the tables an export is limited to exist. It reads the event, so it lives in the
#: services; named like the writers, so that this registry imports nothing above it.
TABLE_CHECK = "dialogue_app.services.exports:check_tables_exist"


def spec(kind: str) -> ExportSpec:
    for s in EXPORTS:
        if s.kind == kind:
            return s
    raise UserInputError(
        _("Unknown export kind “{kind}”; choose one of: {kinds}.").format(
            kind=kind, kinds=", ".join(s.kind for s in EXPORTS)
        )
    )


def writer(s: ExportSpec) -> Callable | None:
    """The function that writes an export kind, or None when that kind is not built yet."""
    return _named(s.writer)


def _named(ref: str) -> Callable | None:
    """The function a "module:function" reference names, or None when its module is not there."""
    module_name, _sep, fn_name = ref.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, fn_name, None)


def available() -> list[ExportSpec]:
    return [s for s in EXPORTS if writer(s) is not None]


def run_export(store, kind: str, out: Path, options: ExportOptions | None = None,
               progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> int:
    s = spec(kind)
    fn = writer(s)
    if fn is None:
        raise UserInputError(_("The export “{kind}” is not available in this version.").format(kind=kind))
    options = options or ExportOptions()
    if options.tables:
        check = _named(TABLE_CHECK)
        if check is None:
            raise RuntimeError(TABLE_CHECK)
        check(store, options.tables)
    return fn(store, Path(out), options, progress or (lambda *a, **k: None), should_stop or (lambda: False))


def write_table_csv(store, out: Path, options: ExportOptions, progress: Progress, should_stop: Callable[[], bool],
                    table: Callable[..., tuple[list[str], list[list[str]]]]) -> int:
    """The body of a CSV export: ``table(session)`` gives the header and rows, read in the
    export's language; written formula-safe and atomically. Returns the number of rows."""
    from dialogue_app import csvsafe, i18n
    from dialogue_app.errors import Cancelled

    with i18n.language(options.lang), store.reader() as session:
        header, rows = table(session)
    if should_stop():
        raise Cancelled(_("The export was cancelled."))
    progress(0.5)
    n = csvsafe.write_csv(Path(out), header, rows)
    progress(1.0)
    return n


def sensitive_exports() -> list[ExportSpec]:
    """The exports that may hold sensitive values (origin, religion), from :data:`EXPORTS`."""
    return [s for s in EXPORTS if s.sensitive_values]


def sensitive_rule() -> str:
    """Where sensitive values can leave the app, in words generated from :data:`EXPORTS` (the
    Privacy page, the person dialog and the Event screen all show this, so they cannot drift)."""
    from dialogue_app.i18n import format_list

    specs = sensitive_exports()
    if specs:
        names = format_list([_("“{export}”").format(export=_(s.description)) for s in specs])
        text = ngettext(
            "Sensitive values (such as origin or religion) are never printed or put in a table package; of the "
            "exports, only {exports} holds them, for the people who consented.",
            "Sensitive values (such as origin or religion) are never printed or put in a table package; of the "
            "exports, only {exports} hold them, for the people who consented.", len(specs)).format(exports=names)
    else:
        text = _("Sensitive values (such as origin or religion) are never printed, put in a table package or "
                 "exported.")
    if SUBJECT_ACCESS.sensitive_values:
        text += " " + _("The export of everything about one person, made for that person, holds theirs.")
    return text
