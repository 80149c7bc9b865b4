"""A running job's heartbeat: a job whose process died reads as interrupted and frees its lock

Revision ID: b7e3f1a9c2d4
Revises: e8b4c0d6a2f1
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e3f1a9c2d4'
down_revision = 'b7c41d9e2a58'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
    # Existing jobs last showed a sign of life when they last changed; any still "running" from
    # before is long dead and reads as interrupted.
    op.execute("UPDATE jobs SET heartbeat_at = COALESCE(finished_at, started_at, created_at)")


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
