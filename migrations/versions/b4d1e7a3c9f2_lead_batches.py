"""lead batches: contacts marked as leads in one go, with what each created and could revert

Campaign members get an index on their lead: deleting a batch's leads sets it to NULL, which
otherwise reads every member once per lead.

Revision ID: b4d1e7a3c9f2
Revises: 4b1723ce929a
Create Date: 2026-12-02 09:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'b4d1e7a3c9f2'
down_revision = '4b1723ce929a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign_members') as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_members_lead_id'), ['lead_id'], unique=False)
    op.create_table(
        'lead_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=True),
        sa.Column('source', sa.String(length=40), nullable=True),
        sa.Column('expected_value', sa.Numeric(12, 2), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_count', sa.Integer(), nullable=False),
        sa.Column('skipped_count', sa.Integer(), nullable=False),
        sa.Column('skipped', sa.JSON(), nullable=False),
        sa.Column('reverted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reverted_by_id', sa.Integer(), nullable=True),
        sa.Column('deleted_count', sa.Integer(), nullable=True),
        sa.Column('kept_count', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_lead_batches_campaign_id_campaigns'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_lead_batches_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['reverted_by_id'], ['users.id'], name=op.f('fk_lead_batches_reverted_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_batches')),
        sa.UniqueConstraint('token', name=op.f('uq_lead_batches_token')),
    )
    with op.batch_alter_table('lead_batches') as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_batches_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_batches_created_at'), ['created_at'], unique=False)
    op.create_table(
        'lead_batch_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('lead_id', sa.Integer(), nullable=True),
        sa.Column('contact_id', sa.Integer(), nullable=True),
        sa.Column('member_id', sa.Integer(), nullable=True),
        sa.Column('member_status_before', sa.String(length=20), nullable=True),
        sa.Column('member_lead_before', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=10), nullable=True),
        sa.Column('kept_because', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['batch_id'], ['lead_batches.id'], name=op.f('fk_lead_batch_items_batch_id_lead_batches'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_lead_batch_items_lead_id_leads'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_lead_batch_items_contact_id_contacts'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['member_id'], ['campaign_members.id'],
                                name=op.f('fk_lead_batch_items_member_id_campaign_members'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_batch_items')),
    )
    with op.batch_alter_table('lead_batch_items') as batch_op:
        batch_op.create_index('ix_lead_batch_items_batch_member', ['batch_id', 'member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_batch_items_lead_id'), ['lead_id'], unique=False)


def downgrade():
    with op.batch_alter_table('lead_batch_items') as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_batch_items_lead_id'))
        batch_op.drop_index('ix_lead_batch_items_batch_member')
    op.drop_table('lead_batch_items')
    with op.batch_alter_table('lead_batches') as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_batches_created_at'))
        batch_op.drop_index(batch_op.f('ix_lead_batches_campaign_id'))
    op.drop_table('lead_batches')
    with op.batch_alter_table('campaign_members') as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_members_lead_id'))
