"""network record: the event's city/organiser name and the language of each survey form

Both are written into the survey SQLite export so that exports of many events can be pooled
(``dialogue-app impact``).

Revision ID: 0005_network_record
Revises: 0004_fk_indexes
Create Date: 2026-12-06 12:55:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0005_network_record'
down_revision = '0004_fk_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('network_name', sa.String(length=200), nullable=False, server_default=''))
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('network_name')
