"""pairs judged "not a duplicate" are remembered, so the duplicate finder stops proposing them

Revision ID: d9c4b2e7f1a3
Revises: a7d3e5f1b2c4
Create Date: 2026-11-30 06:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'd9c4b2e7f1a3'
down_revision = 'a7d3e5f1b2c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'duplicate_dismissals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('low_id', sa.Integer(), nullable=False),
        sa.Column('high_id', sa.Integer(), nullable=False),
        sa.Column('dismissed_by_id', sa.Integer(), nullable=True),
        sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['dismissed_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'low_id', 'high_id', name='uq_duplicate_dismissals_pair'),
    )


def downgrade():
    op.drop_table('duplicate_dismissals')
