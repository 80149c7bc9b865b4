"""users remember when they last signed in, shown to admins in the user list

Revision ID: c7e2a9d4f1b8
Revises: f4b8d2a6c3e9
Create Date: 2026-11-30 09:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'c7e2a9d4f1b8'
down_revision = 'f4b8d2a6c3e9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_sign_in_at")
