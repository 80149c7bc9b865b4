"""leads counted per day of creation, owner, source and campaign for the reports' period figures

Revision ID: f4b8d2c6a9e3
Revises: e2c5a9f4d7b1
Create Date: 2026-11-30 09:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'f4b8d2c6a9e3'
down_revision = 'e2c5a9f4d7b1'
branch_labels = None
depends_on = None

# webapp.reports.lead_days: the same counts its rebuild() writes (UTC days; seconds to the first
# contact as whole seconds, comma-separated).
COUNTED = """count(*),
    count(CASE WHEN furthest_stage IN ('prospect', 'customer', 'debtor') THEN 1 END),
    count(CASE WHEN furthest_stage IN ('customer', 'debtor') THEN 1 END),
    count(CASE WHEN furthest_stage = 'debtor' THEN 1 END),
    {handoffs}, {seconds}"""
HANDOFFS = ", ".join(f"count(CASE WHEN {{capped}} = {n} THEN 1 END)" for n in range(1, 6))
COLUMNS = ("day, owner_id, source, campaign_id, leads, prospects, customers, debtors, handoffs_1, handoffs_2, "
           "handoffs_3, handoffs_4, handoffs_5, callback_seconds")
REBUILD = {
    "sqlite": f"""INSERT INTO lead_days ({COLUMNS})
        SELECT date(created_at), owner_id, source, campaign_id, {COUNTED.format(
            handoffs=HANDOFFS.format(capped="min(coalesce(handoff_count, 0), 5)"),
            seconds="group_concat(CAST(round((julianday(first_contact_at) - julianday(created_at)) * 86400) "
                    "AS INTEGER), ',')")}
        FROM leads GROUP BY 1, 2, 3, 4""",
    "postgresql": f"""INSERT INTO lead_days ({COLUMNS})
        SELECT CAST(timezone('UTC', created_at) AS DATE), owner_id, source, campaign_id, {COUNTED.format(
            handoffs=HANDOFFS.format(capped="least(coalesce(handoff_count, 0), 5)"),
            seconds="string_agg(CAST(CAST(round(EXTRACT(epoch FROM first_contact_at - created_at)) AS INTEGER) "
                    "AS TEXT), ',')")}
        FROM leads GROUP BY 1, 2, 3, 4""",
}


def upgrade():
    op.create_table(
        'lead_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('source', sa.String(length=40), nullable=True),
        sa.Column('campaign_id', sa.Integer(), nullable=True),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in (
            'leads', 'prospects', 'customers', 'debtors', 'handoffs_1', 'handoffs_2', 'handoffs_3', 'handoffs_4',
            'handoffs_5')],
        sa.Column('callback_seconds', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('lead_days') as batch_op:
        batch_op.create_index('ix_lead_days_day_group', ['day', 'owner_id', 'source', 'campaign_id'], unique=False)
    op.execute(REBUILD[op.get_bind().dialect.name])


def downgrade():
    with op.batch_alter_table('lead_days') as batch_op:
        batch_op.drop_index('ix_lead_days_day_group')
    op.drop_table('lead_days')
