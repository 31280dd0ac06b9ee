"""The before/after survey: instrument, entry, import, linking and the report.

Public API (all take a SQLAlchemy ``Session`` and return frozen dataclasses), one module per part:

* ``items``: :func:`instrument` / :func:`ensure_instrument` / :func:`save_item` /
  :func:`delete_item` / :func:`move_item` and the undoable edits
  :class:`SaveItem`, :class:`DeleteItem`, :class:`MoveItem`;
* ``responses``: :func:`find_response`, :func:`get_response`, :func:`save_response`,
  :func:`list_responses` and the edits :class:`SaveResponse`, :class:`DeleteResponse`;
* ``spreadsheet``: :func:`import_responses` (all-or-nothing spreadsheet import) and the template;
* ``report``: :func:`survey_report` -> :class:`SurveyReport` (headline figures and tests);
* ``breakdowns``: :func:`table_breakdown` (respondents per table with small cells suppressed) and
  the other breakdowns;
* ``demo``: :func:`populate_demo` (demo answers);
* ``exports``: the survey export writers; ``printing``: what the printed documents need.
"""

from dialogue_app.services.survey.breakdowns import (
    BREAKDOWNS,
    AnswerBreakdown,
    Breakdown,
    answer_breakdown,
    breakdown,
    breakdown_choices,
    table_breakdown,
)
from dialogue_app.services.survey.demo import DEMO_ORDER, populate_demo
from dialogue_app.services.survey.items import (
    DeleteItem,
    EnsureInstrument,
    ItemInfo,
    ItemSnapshot,
    MoveItem,
    RestoreItem,
    SaveItem,
    default_items,
    delete_item,
    ensure_instrument,
    instrument,
    move_item,
    restore_item,
    save_item,
)
from dialogue_app.services.survey.report import (
    ItemResult,
    SurveyReport,
    _load,
    link,
    participant_basis,
    survey_report,
)
from dialogue_app.services.survey.responses import (
    EMPTY_SGC,
    DeleteResponse,
    ResponseData,
    ResponseRow,
    SaveResponse,
    _person_id_for_code,
    delete_response,
    find_response,
    get_response,
    list_responses,
    person_language,
    save_response,
    sgc_text,
    table_of_code,
    validate_response,
)
from dialogue_app.services.survey.spreadsheet import (
    WAVE_ALIASES,
    ImportProblem,
    ImportResult,
    import_responses,
    parse_import,
    template_header,
    template_rows,
)

__all__ = [
    "BREAKDOWNS", "DEMO_ORDER", "EMPTY_SGC", "WAVE_ALIASES", "AnswerBreakdown", "Breakdown", "DeleteItem",
    "DeleteResponse", "EnsureInstrument", "ImportProblem", "ImportResult", "ItemInfo", "ItemResult", "ItemSnapshot",
    "MoveItem", "ResponseData", "ResponseRow", "RestoreItem", "SaveItem", "SaveResponse", "SurveyReport", "_load",
    "_person_id_for_code", "answer_breakdown", "breakdown", "breakdown_choices", "default_items", "delete_item",
    "delete_response", "ensure_instrument", "find_response", "get_response", "import_responses", "instrument",
    "link", "list_responses", "move_item", "parse_import", "participant_basis", "person_language", "populate_demo", "restore_item",
    "save_item", "save_response", "sgc_text", "survey_report", "table_breakdown", "table_of_code",
    "template_header", "template_rows", "validate_response",
]
