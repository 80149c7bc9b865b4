"""field history: one row per change of a tracked field

Leads, contacts and organizations record who changed which of their tracked fields when, from
what to what (webapp.field_history). Existing records get no back-fill: their history starts
with their next change, and "as of" reads take the value a later change replaced, or the
current one.

Revision ID: f3a7c2e91b05
Revises: b5f3a8d2c6e4
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a7c2e91b05'
down_revision = 'b5f3a8d2c6e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'field_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity_type', sa.String(length=20), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=40), nullable=False),
        sa.Column('old_value', sa.JSON(none_as_null=True), nullable=True),
        sa.Column('new_value', sa.JSON(none_as_null=True), nullable=True),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('via', sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'],
                                name=op.f('fk_field_changes_changed_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_field_changes')),
    )
    with op.batch_alter_table('field_changes', schema=None) as batch_op:
        batch_op.create_index('ix_field_changes_entity_field_at',
                              ['entity_type', 'entity_id', 'field', 'changed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('field_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_field_changes_entity_field_at')
    op.drop_table('field_changes')
