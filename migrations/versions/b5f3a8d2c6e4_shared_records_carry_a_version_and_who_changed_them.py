"""shared records carry a version and who changed them last

Contacts, organizations, offers, offer lines and settings get the optimistic-locking counter
leads already have (every UPDATE checks it) and the user who saved them last. Existing rows
start at version 1; leads' counter gets the same server default.

Revision ID: b5f3a8d2c6e4
Revises: e8b4c0d6a2f1
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5f3a8d2c6e4'
down_revision = 'b7e3f1a9c2d4'
branch_labels = None
depends_on = None

TABLES = ('contacts', 'organizations', 'offers', 'offer_lines', 'settings')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
            batch_op.add_column(sa.Column('updated_by_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_updated_by_id_users'), 'users',
                                        ['updated_by_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.alter_column('version', existing_type=sa.Integer(), existing_nullable=False,
                              server_default='1')


def downgrade():
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.alter_column('version', existing_type=sa.Integer(), existing_nullable=False,
                              server_default=None)
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_updated_by_id_users'), type_='foreignkey')
            batch_op.drop_column('updated_by_id')
            batch_op.drop_column('version')
