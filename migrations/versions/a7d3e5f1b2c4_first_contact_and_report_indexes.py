"""leads carry the moment of their first contact; indexes for the team lead's reports

Revision ID: a7d3e5f1b2c4
Revises: d1f6a3c8e7b2
Create Date: 2026-11-30 06:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'a7d3e5f1b2c4'
down_revision = 'd1f6a3c8e7b2'
branch_labels = None
depends_on = None

# The same rule as webapp.leads.first_contact: a call, e-mail or meeting by a person.
BACKFILL = """
UPDATE leads SET first_contact_at = (
    SELECT min(a.occurred_at) FROM activities a
    WHERE a.lead_id = leads.id AND a.kind IN ('call', 'email', 'meeting') AND a.user_id IS NOT NULL
)
"""


def upgrade():
    with op.batch_alter_table('leads') as batch_op:
        batch_op.add_column(sa.Column('first_contact_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_leads_created_at', ['created_at'])
        batch_op.create_index('ix_leads_first_contact_stage', ['first_contact_at', 'stage'])
    with op.batch_alter_table('activities') as batch_op:
        batch_op.create_index('ix_activities_occurred_user', ['occurred_at', 'user_id', 'kind'])
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table('activities') as batch_op:
        batch_op.drop_index('ix_activities_occurred_user')
    with op.batch_alter_table('leads') as batch_op:
        batch_op.drop_index('ix_leads_first_contact_stage')
        batch_op.drop_index('ix_leads_created_at')
        batch_op.drop_column('first_contact_at')
