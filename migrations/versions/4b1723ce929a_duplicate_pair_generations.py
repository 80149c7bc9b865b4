"""duplicate pairs carry the generation of the search that wrote them; the counts name the shown one

A search writes its list in short transactions as a new generation while the finder keeps showing
the current one, then switches: other users' saves no longer wait for the whole list to be written.
Existing pairs and counts are generation 0.

Revision ID: 4b1723ce929a
Revises: 6f1463448905
Create Date: 2026-11-30 10:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = '4b1723ce929a'
down_revision = '6f1463448905'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('duplicate_pairs') as batch_op:
        batch_op.add_column(sa.Column('generation', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_constraint('uq_duplicate_pairs_pair', type_='unique')
        batch_op.create_unique_constraint('uq_duplicate_pairs_pair', ['kind', 'low_id', 'high_id', 'generation'])
        batch_op.drop_index('ix_duplicate_pairs_rank')
        batch_op.create_index('ix_duplicate_pairs_rank', ['kind', 'generation', 'score', 'low_id', 'high_id', 'id'],
                              unique=False)
    with op.batch_alter_table('duplicate_pair_counts') as batch_op:
        batch_op.add_column(sa.Column('generation', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    # Only the shown generation stays (a search interrupted half-way may have left another).
    op.execute("DELETE FROM duplicate_pairs WHERE generation <> COALESCE((SELECT c.generation FROM "
               "duplicate_pair_counts c WHERE c.kind = duplicate_pairs.kind), 0)")
    with op.batch_alter_table('duplicate_pair_counts') as batch_op:
        batch_op.drop_column('generation')
    with op.batch_alter_table('duplicate_pairs') as batch_op:
        batch_op.drop_index('ix_duplicate_pairs_rank')
        batch_op.create_index('ix_duplicate_pairs_rank', ['kind', 'score', 'low_id', 'high_id', 'id'], unique=False)
        batch_op.drop_constraint('uq_duplicate_pairs_pair', type_='unique')
        batch_op.create_unique_constraint('uq_duplicate_pairs_pair', ['kind', 'low_id', 'high_id'])
        batch_op.drop_column('generation')
