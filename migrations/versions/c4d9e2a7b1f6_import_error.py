"""why an import stopped (failed or interrupted), kept on the import itself

Revision ID: c4d9e2a7b1f6
Revises: d4e7a1c9b3f2
Create Date: 2026-12-04 09:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'c4d9e2a7b1f6'
down_revision = 'd4e7a1c9b3f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_column('error')
