"""contacts and organizations carry comparison keys for finding duplicates: phone numbers in
E.164 and an organization's name without its legal form

Revision ID: a7d3e5f19c42
Revises: c4e8a2d17f93
Create Date: 2026-11-30 05:00:00

"""
import sqlalchemy as sa
from alembic import op

from webapp.duplicates.keys import DEFAULT_REGION, organization_key, phone_key


revision = 'a7d3e5f19c42'
down_revision = 'c4e8a2d17f93'
branch_labels = None
depends_on = None


def _region(bind) -> str:
    # The region an admin chose, if any; else the default.
    row = bind.execute(sa.text("SELECT value FROM settings WHERE key = 'data'")).first()
    value = row[0] if row else None
    if isinstance(value, str):
        import json

        value = json.loads(value)
    return ((value or {}).get("phone_region") or DEFAULT_REGION).upper()


def upgrade():
    with op.batch_alter_table('contacts') as batch_op:
        batch_op.add_column(sa.Column('phone_key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('mobile_key', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_contacts_phone_key', ['phone_key'])
        batch_op.create_index('ix_contacts_mobile_key', ['mobile_key'])
    with op.batch_alter_table('organizations') as batch_op:
        batch_op.add_column(sa.Column('phone_key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('name_key', sa.String(length=200), nullable=True))
        batch_op.create_index('ix_organizations_phone_key', ['phone_key'])
        batch_op.create_index('ix_organizations_name_key', ['name_key'])

    bind = op.get_bind()
    region = _region(bind)
    contacts = [
        {"i": row.id, "p": phone_key(row.phone, region), "m": phone_key(row.mobile, region)}
        for row in bind.execute(sa.text("SELECT id, phone, mobile FROM contacts"))
    ]
    if contacts:
        bind.execute(sa.text("UPDATE contacts SET phone_key = :p, mobile_key = :m WHERE id = :i"), contacts)
    organizations = [
        {"i": row.id, "p": phone_key(row.phone, region), "n": organization_key(row.name)}
        for row in bind.execute(sa.text("SELECT id, phone, name FROM organizations"))
    ]
    if organizations:
        bind.execute(sa.text("UPDATE organizations SET phone_key = :p, name_key = :n WHERE id = :i"), organizations)


def downgrade():
    with op.batch_alter_table('organizations') as batch_op:
        batch_op.drop_index('ix_organizations_name_key')
        batch_op.drop_index('ix_organizations_phone_key')
        batch_op.drop_column('name_key')
        batch_op.drop_column('phone_key')
    with op.batch_alter_table('contacts') as batch_op:
        batch_op.drop_index('ix_contacts_mobile_key')
        batch_op.drop_index('ix_contacts_phone_key')
        batch_op.drop_column('mobile_key')
        batch_op.drop_column('phone_key')
