"""likely duplicate pairs are computed by a background job into a table the finder reads

Revision ID: e2c8f5a1d7b3
Revises: e2b7c4d9a1f6
Create Date: 2026-12-01 06:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'e2c8f5a1d7b3'
down_revision = 'e2b7c4d9a1f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'duplicate_pairs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('low_id', sa.Integer(), nullable=False),
        sa.Column('high_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('low_version', sa.Integer(), nullable=False),
        sa.Column('high_version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'low_id', 'high_id', name='uq_duplicate_pairs_pair'),
    )
    with op.batch_alter_table('duplicate_pairs') as batch_op:
        batch_op.create_index('ix_duplicate_pairs_rank', ['kind', 'score', 'low_id', 'high_id', 'id'], unique=False)
        batch_op.create_index('ix_duplicate_pairs_high', ['kind', 'high_id'], unique=False)
    op.create_table(
        'duplicate_pair_counts',
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kind'),
    )


def downgrade():
    op.drop_table('duplicate_pair_counts')
    with op.batch_alter_table('duplicate_pairs') as batch_op:
        batch_op.drop_index('ix_duplicate_pairs_high')
        batch_op.drop_index('ix_duplicate_pairs_rank')
    op.drop_table('duplicate_pairs')
