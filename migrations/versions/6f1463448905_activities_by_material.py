"""activities get an index on material_id (with lead_id and kind)

The materials list counts each material's sends and the leads they went to; without an index
that meant reading every activity (about 280 ms on PostgreSQL at 500,000 activities). With
lead_id and kind in the index both counts are read from the index alone.

Revision ID: 6f1463448905
Revises: f4b8d2c6a9e3
Create Date: 2026-11-30 09:00:00

"""
from alembic import op


revision = '6f1463448905'
down_revision = 'f4b8d2c6a9e3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_activities_material', 'activities', ['material_id', 'lead_id', 'kind'])


def downgrade():
    op.drop_index('ix_activities_material', table_name='activities')
