"""survey form language: every stored form names the language it was answered in

Forms stored before this revision have ``language = ''`` ("the event's language"). They get the
event's language now, so that changing the event's language later does not silently move them
to another language in the analysis and the export.

Revision ID: 0007_survey_form_language
Revises: 0006_followup_note
Create Date: 2026-12-06 16:45:00
"""
from alembic import op

revision = '0007_survey_form_language'
down_revision = '0006_followup_note'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE survey_response SET language = "
        "(SELECT event.language FROM event WHERE event.id = survey_response.event_id) "
        "WHERE language = '' AND EXISTS (SELECT 1 FROM event WHERE event.id = survey_response.event_id)"
    )


def downgrade() -> None:
    # the filled-in languages are kept: '' and the event's language mean the same form language
    pass
