"""users and contacts carry a language: a user's own choice (none = as the browser asks) and the
language documents to a contact are written in

Revision ID: c4e8a2d17f93
Revises: f3a7c2e91b05
Create Date: 2026-11-30 10:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'c4e8a2d17f93'
down_revision = 'f3a7c2e91b05'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
    # Existing contacts stay without one: their documents follow the company default.
    with op.batch_alter_table('contacts') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('contacts') as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('language')
