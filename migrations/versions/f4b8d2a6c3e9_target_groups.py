"""target groups: when members were last added from a campaign's group, and each member's origin

Two indexes on leads let a group ask for contacts with a lead of some source or stage quickly.
Campaigns remember when (and how many) members were last added from the target group; a member
remembers whether it came from the group or was added by hand (every existing one: by hand).
Criteria saved before the builder existed ({"industries": [...]}) become its rules: the
organization's industry is any of them.

Revision ID: f4b8d2a6c3e9
Revises: b4d1e7a3c9f2
Create Date: 2026-12-02 08:00:00

"""
import json

import sqlalchemy as sa
from alembic import op


revision = 'f4b8d2a6c3e9'
down_revision = 'b4d1e7a3c9f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns') as batch_op:
        batch_op.add_column(sa.Column('group_snapshot_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('group_snapshot_count', sa.Integer(), nullable=True))
    with op.batch_alter_table('campaign_members') as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=10), server_default='hand', nullable=False))
    # "has a lead with source / in stage": the contacts' ids straight from the index
    op.create_index('ix_leads_source_contact', 'leads', ['source', 'contact_id'])
    op.create_index('ix_leads_stage_contact', 'leads', ['stage', 'contact_id'])

    campaigns = sa.table('campaigns', sa.column('id', sa.Integer), sa.column('criteria', sa.JSON))
    connection = op.get_bind()
    for campaign_id, criteria in connection.execute(sa.select(campaigns.c.id, campaigns.c.criteria)).all():
        if isinstance(criteria, str):
            criteria = json.loads(criteria)
        if isinstance(criteria, dict) and 'rules' not in criteria:
            rules = [{'field': 'industry', 'op': 'equals', 'value': str(industry)}
                     for industry in criteria.get('industries') or ()]
            connection.execute(campaigns.update().where(campaigns.c.id == campaign_id)
                               .values(criteria={'match': 'any', 'rules': rules} if rules else {}))


def downgrade():
    op.drop_index('ix_leads_stage_contact', table_name='leads')
    op.drop_index('ix_leads_source_contact', table_name='leads')
    with op.batch_alter_table('campaign_members') as batch_op:
        batch_op.drop_column('origin')
    with op.batch_alter_table('campaigns') as batch_op:
        batch_op.drop_column('group_snapshot_count')
        batch_op.drop_column('group_snapshot_at')
