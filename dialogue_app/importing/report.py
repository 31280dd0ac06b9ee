"""Plain words for an import's preview: one problem as a sentence, the counts of a report."""

from __future__ import annotations

from dialogue_app.i18n import gettext as _
from dialogue_app.importing.model import ImportIssue, ImportPreview


def format_issue(issue: ImportIssue) -> str:
    """"Row 5, Gender: Unknown value “q” for Gender." (translated)."""
    if issue.row and issue.column:
        return _("Row {row}, {column}: {message}").format(row=issue.row, column=issue.column, message=issue.message)
    if issue.row:
        return _("Row {row}: {message}").format(row=issue.row, message=issue.message)
    if issue.column:
        return _("Column {column}: {message}").format(column=issue.column, message=issue.message)
    return issue.message


def summary_counts(preview: ImportPreview) -> dict[str, int]:
    """Counts for a report: rows, valid rows, new people, updates, errors, warnings."""
    valid = preview.valid_people
    return {
        "rows": len(preview.people),
        "valid_rows": len(valid),
        "new": sum(1 for p in valid if p.existing_id is None and not p.same_as_row),
        "existing": len({p.existing_id for p in valid if p.existing_id is not None}),
        "errors": len(preview.errors),
        "warnings": len(preview.warnings),
    }

