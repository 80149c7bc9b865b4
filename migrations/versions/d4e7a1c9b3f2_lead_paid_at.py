"""a project paid in full is marked on its lead (its end state)

Revision ID: d4e7a1c9b3f2
Revises: d9c4b2e7f1a3
Create Date: 2026-11-30 06:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'd4e7a1c9b3f2'
down_revision = 'd9c4b2e7f1a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('leads') as batch_op:
        batch_op.add_column(sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('leads') as batch_op:
        batch_op.drop_column('paid_at')
