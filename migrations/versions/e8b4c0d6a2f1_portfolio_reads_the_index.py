"""the stage and probability index also holds the expected value

Revision ID: e8b4c0d6a2f1
Revises: d5e2a7c91f30
Create Date: 2026-11-24 02:40:00

"""
from alembic import op


revision = 'e8b4c0d6a2f1'
down_revision = 'd5e2a7c91f30'
branch_labels = None
depends_on = None


def upgrade():
    # The portfolio counts, sums and takes the median of open leads' values: with the value in the
    # index it reads the index alone instead of one table row per lead.
    op.create_index('ix_leads_stage_probability_value', 'leads', ['stage', 'probability', 'expected_value'],
                    unique=False)
    op.drop_index('ix_leads_stage_probability', table_name='leads')
    op.execute('ANALYZE leads')


def downgrade():
    op.create_index('ix_leads_stage_probability', 'leads', ['stage', 'probability'], unique=False)
    op.drop_index('ix_leads_stage_probability_value', table_name='leads')
