"""row version: every row carries a version the ORM bumps on each change

Two organisers on one shared event: a save based on what the user saw when the dialog opened
is compared with the row's version now, so another user's later change is never silently
overwritten. Existing rows start at version 1.

Revision ID: 0008_row_version
Revises: 0007_survey_form_language
Create Date: 2026-12-06 18:45:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_row_version'
down_revision = '0007_survey_form_language'
branch_labels = None
depends_on = None

#: every table of revision 0007 (all of them carry IdMixin's columns)
TABLES = (
    'assignment', 'category', 'commitment', 'consent', 'consent_text', 'dialogue_table', 'dimension', 'event',
    'ground_rule', 'package_baseline', 'package_manifest', 'package_merge_state', 'pair_rule', 'person',
    'person_role', 'person_value', 'phase_run', 'practice_turn', 'privacy_log', 'readiness_step', 'script_phase',
    'session_attendance', 'survey_answer', 'survey_item', 'survey_response', 'table_session', 'talking_turn',
    'time_slot', 'trainee_profile', 'training_session', 'venue',
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('row_version', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('row_version')
