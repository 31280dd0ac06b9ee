"""indexes on the foreign keys that deleting a person, category or dimension must search

Without them SQLite scans the whole child table for every deleted row (taking back an
import of 5,000 people searched the person table 5,000 times for guests of each).

Revision ID: 0004_fk_indexes
Revises: 0003_training
Create Date: 2026-11-25 09:45:00
"""
from alembic import op

revision = '0004_fk_indexes'
down_revision = '0003_training'
branch_labels = None
depends_on = None

INDEXES = [
    ('person', 'invited_by_id'),
    ('person_value', 'category_id'),
    ('consent', 'dimension_id'),
    ('dialogue_table', 'host_id'),
    ('commitment', 'partner_id'),
    ('practice_turn', 'facilitator_id'),
]


def upgrade() -> None:
    for table, column in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
