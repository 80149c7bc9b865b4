"""leads by probability, with planner statistics

Revision ID: d5e2a7c91f30
Revises: c3d9e1f04b7a
Create Date: 2026-11-24 02:45:00

"""
from alembic import op


revision = 'd5e2a7c91f30'
down_revision = 'c3d9e1f04b7a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_leads_probability', 'leads', ['probability'], unique=False)
    # The index is only chosen with statistics (SQLite has none before its first ANALYZE).
    op.execute('ANALYZE leads')


def downgrade():
    op.drop_index('ix_leads_probability', table_name='leads')
