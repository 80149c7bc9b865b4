"""campaigns carry budget, actual cost and an owner; materials a link or an uploaded file

Member status "member" becomes "targeted" (the first step of a member's way through a campaign),
campaign status "running" becomes "active", and the channels used before a fixed list existed
are mapped onto it (unknown ones to "other"), so every stored value is one the forms offer.

Revision ID: e2c5a9f4d7b1
Revises: a7c3e5f19d28
Create Date: 2026-11-30 07:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'e2c5a9f4d7b1'
down_revision = 'a7c3e5f19d28'
branch_labels = None
depends_on = None

CHANNELS = ('mailing', 'trade_fair', 'advertisement', 'web', 'referral', 'event', 'other')
OLD_CHANNELS = {'webinar': 'event', 'email': 'web', 'social': 'advertisement', 'newsletter': 'web',
                'fair': 'trade_fair', 'ads': 'advertisement'}


def upgrade():
    with op.batch_alter_table('campaigns') as batch_op:
        batch_op.add_column(sa.Column('budget', sa.Numeric(12, 2), nullable=True))
        batch_op.add_column(sa.Column('actual_cost', sa.Numeric(12, 2), nullable=True))
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_campaigns_owner_id_users'), 'users', ['owner_id'], ['id'],
                                    ondelete='SET NULL')
    with op.batch_alter_table('materials') as batch_op:
        batch_op.add_column(sa.Column('url', sa.String(500), nullable=True))
        batch_op.add_column(sa.Column('file_name', sa.String(255), nullable=True))
        batch_op.add_column(sa.Column('stored_name', sa.String(64), nullable=True))
        batch_op.add_column(sa.Column('content_type', sa.String(120), nullable=True))
        batch_op.add_column(sa.Column('size', sa.Integer(), nullable=True))

    campaigns = sa.table('campaigns', sa.column('channel', sa.String), sa.column('status', sa.String),
                         sa.column('owner_id', sa.Integer), sa.column('created_by_id', sa.Integer))
    members = sa.table('campaign_members', sa.column('status', sa.String))
    op.execute(members.update().where(members.c.status == 'member').values(status='targeted'))
    op.execute(campaigns.update().where(campaigns.c.status == 'running').values(status='active'))
    op.execute(campaigns.update().values(owner_id=campaigns.c.created_by_id))
    for old, new in OLD_CHANNELS.items():
        op.execute(campaigns.update().where(campaigns.c.channel == old).values(channel=new))
    op.execute(campaigns.update().where(campaigns.c.channel.is_not(None), campaigns.c.channel.not_in(CHANNELS))
               .values(channel='other'))


def downgrade():
    members = sa.table('campaign_members', sa.column('status', sa.String))
    campaigns = sa.table('campaigns', sa.column('status', sa.String))
    op.execute(members.update().where(members.c.status == 'targeted').values(status='member'))
    op.execute(campaigns.update().where(campaigns.c.status == 'active').values(status='running'))
    with op.batch_alter_table('materials') as batch_op:
        for column in ('size', 'content_type', 'stored_name', 'file_name', 'url'):
            batch_op.drop_column(column)
    with op.batch_alter_table('campaigns') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_campaigns_owner_id_users'), type_='foreignkey')
        for column in ('owner_id', 'actual_cost', 'budget'):
            batch_op.drop_column(column)
