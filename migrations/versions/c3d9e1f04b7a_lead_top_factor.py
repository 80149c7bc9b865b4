"""lead keeps its strongest factor for lists

Revision ID: c3d9e1f04b7a
Revises: 4671a74b2612
Create Date: 2026-11-24 01:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3d9e1f04b7a'
down_revision = '4671a74b2612'
branch_labels = None
depends_on = None

leads = sa.table('leads', sa.column('id', sa.Integer), sa.column('score_factors', sa.JSON),
                 sa.column('top_factor', sa.String), sa.column('top_factor_weight', sa.Float))


def upgrade():
    with op.batch_alter_table('leads') as batch_op:
        batch_op.add_column(sa.Column('top_factor', sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column('top_factor_weight', sa.Float(), nullable=True))
    # Fill it from the factors stored with each score (BANT-only scores get theirs at the next rescore).
    connection = op.get_bind()
    rows = []
    for lead_id, factors in connection.execute(sa.select(leads.c.id, leads.c.score_factors)
                                               .where(leads.c.score_factors.is_not(None))):
        strongest = max(factors or [], key=lambda f: abs(f.get('contribution') or 0), default=None)
        if strongest is not None:
            rows.append({'i': lead_id, 'label': strongest.get('label'), 'weight': strongest.get('contribution')})
    if rows:
        connection.execute(leads.update().where(leads.c.id == sa.bindparam('i'))
                           .values(top_factor=sa.bindparam('label'), top_factor_weight=sa.bindparam('weight')), rows)


def downgrade():
    with op.batch_alter_table('leads') as batch_op:
        batch_op.drop_column('top_factor_weight')
        batch_op.drop_column('top_factor')
