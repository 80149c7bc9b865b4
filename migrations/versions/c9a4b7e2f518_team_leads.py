"""users can be marked as team leads (reports, weekly KPI e-mail, escalations)

Revision ID: c9a4b7e2f518
Revises: b8e1f4c2d9a7
Create Date: 2026-11-30 05:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'c9a4b7e2f518'
down_revision = 'b8e1f4c2d9a7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('is_team_lead', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('is_team_lead')
