"""leads keep the furthest funnel step they reached; time windows breached are kept when they end;
activities counted per person and day; covering indexes for the reports

Revision ID: e2b7c4d9a1f6
Revises: c4d9e2a7b1f6
Create Date: 2026-11-30 07:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'e2b7c4d9a1f6'
down_revision = 'c4d9e2a7b1f6'
branch_labels = None
depends_on = None

# The furthest step among the stage now and every stage in the field history (values are stored
# as JSON strings, '"prospect"'); the same rule as webapp.models.lead.furthest_of.
REACHED = """EXISTS (SELECT 1 FROM field_changes fc
    WHERE fc.entity_type = 'lead' AND fc.entity_id = leads.id AND fc.field = 'stage'
    AND (CAST(fc.new_value AS TEXT) IN ({stages}) OR CAST(fc.old_value AS TEXT) IN ({stages})))"""


def _reached(*stages: str) -> str:
    quoted = ", ".join(f"'\"{stage}\"'" for stage in stages)
    plain = ", ".join(f"'{stage}'" for stage in stages)
    return f"(stage IN ({plain}) OR {REACHED.format(stages=quoted)})"


BACKFILL = f"""UPDATE leads SET furthest_stage = CASE
    WHEN {_reached('debtor')} THEN 'debtor'
    WHEN {_reached('customer')} THEN 'customer'
    WHEN {_reached('prospect')} THEN 'prospect'
    ELSE 'lead' END"""


# webapp.reports.activity_days: calls, e-mails, meetings and notes by a person, per UTC day.
LOGGED = "user_id IS NOT NULL AND kind IN ('call', 'email', 'meeting', 'note')"
ACTIVITY_DAYS = {
    "sqlite": f"""INSERT INTO activity_days (user_id, day, activities)
        SELECT user_id, date(occurred_at), count(*) FROM activities WHERE {LOGGED} GROUP BY 1, 2""",
    "postgresql": f"""INSERT INTO activity_days (user_id, day, activities)
        SELECT user_id, CAST(timezone('UTC', occurred_at) AS DATE), count(*) FROM activities WHERE {LOGGED}
        GROUP BY 1, 2""",
}
CREATED_REPORT = ['created_at', 'owner_id', 'first_contact_at', 'furthest_stage', 'stage', 'source', 'campaign_id',
                  'abc_class', 'probability', 'handoff_count', 'lost_reason_id']
STAGE_OWNER_REPORT = ['stage', 'owner_id', 'abc_class', 'due_at', 'escalated_at', 'expected_value', 'probability']


def upgrade():
    with op.batch_alter_table('leads') as batch_op:
        batch_op.add_column(sa.Column('furthest_stage', sa.String(length=20), server_default='lead', nullable=False))
    op.execute(BACKFILL)
    with op.batch_alter_table('leads') as batch_op:
        batch_op.drop_index('ix_leads_created_at')
        batch_op.create_index('ix_leads_created_report', CREATED_REPORT)
        batch_op.create_index('ix_leads_stage_owner_report', STAGE_OWNER_REPORT)
    op.create_table(
        'activity_days',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('activities', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'day'),
    )
    op.execute(ACTIVITY_DAYS[op.get_bind().dialect.name])
    op.create_table(
        'window_breaches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('lead_id', sa.Integer(), nullable=False),
        sa.Column('stage', sa.String(length=20), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('window_breaches') as batch_op:
        batch_op.create_index(batch_op.f('ix_window_breaches_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_window_breaches_due_at'), ['due_at'], unique=False)


def downgrade():
    with op.batch_alter_table('window_breaches') as batch_op:
        batch_op.drop_index(batch_op.f('ix_window_breaches_due_at'))
        batch_op.drop_index(batch_op.f('ix_window_breaches_lead_id'))
    op.drop_table('window_breaches')
    op.drop_table('activity_days')
    with op.batch_alter_table('leads') as batch_op:
        batch_op.drop_index('ix_leads_stage_owner_report')
        batch_op.drop_index('ix_leads_created_report')
        batch_op.create_index('ix_leads_created_at', ['created_at'])
    with op.batch_alter_table('leads') as batch_op:
        batch_op.drop_column('furthest_stage')
