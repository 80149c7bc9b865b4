"""users carry a session version: raising it ends every session and remember-me cookie

Revision ID: b7c3e9a1d4f2
Revises: e8b4c0d6a2f1
Create Date: 2026-11-26 10:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'b7c3e9a1d4f2'
down_revision = 'e8b4c0d6a2f1'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows start at 1; sessions signed before this change carry no version and end.
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('session_version')
