"""a person's data requests (export, erasure) are recorded; an invoice keeps the address lines it
was issued to

Revision ID: b6f0d3a8e271
Revises: a7d3e5f19c42
Create Date: 2026-12-01 09:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'b6f0d3a8e271'
down_revision = 'a7d3e5f19c42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'data_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('via', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('summary', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('data_requests') as batch_op:
        batch_op.create_index('ix_data_requests_contact_id', ['contact_id'])
        batch_op.create_index('ix_data_requests_created_at', ['created_at'])
    with op.batch_alter_table('invoices') as batch_op:
        batch_op.add_column(sa.Column('issued_to', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('invoices') as batch_op:
        batch_op.drop_column('issued_to')
    with op.batch_alter_table('data_requests') as batch_op:
        batch_op.drop_index('ix_data_requests_created_at')
        batch_op.drop_index('ix_data_requests_contact_id')
    op.drop_table('data_requests')
