"""follow-up note: the participant's answer to "what happened?" with the follow-up status

Revision ID: 0006_followup_note
Revises: 0005_network_record
Create Date: 2026-12-06 13:50:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0006_followup_note'
down_revision = '0005_network_record'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('followup_note', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_column('followup_note')
