"""typed custom fields for contacts and organizations, marketing consent per contact; the free
attributes contacts hold become text fields, one per distinct name, their values kept

Revision ID: a7c3e5f19d28
Revises: e2c8f5a1d7b3
Create Date: 2026-11-30 07:00:00

"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op


revision = 'a7c3e5f19d28'
down_revision = 'e2c8f5a1d7b3'
branch_labels = None
depends_on = None

# Written out here rather than imported, so the migration stays as it ran when the app changes.
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def field_key(name: str, taken: set) -> str:
    """A key safe in a JSON path on both databases ([a-z0-9_], at most 60), unique among `taken`."""
    plain = unicodedata.normalize("NFKD", name.translate(UMLAUTS)).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:50] or "field"
    if base[0].isdigit():
        base = f"f_{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key


def upgrade():
    fields = op.create_table(
        'custom_fields',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity', sa.String(length=20), nullable=False),
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('label', sa.String(length=120), nullable=False),
        sa.Column('type', sa.String(length=10), nullable=False),
        sa.Column('options', sa.JSON(), nullable=False),
        sa.Column('required', sa.Boolean(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('in_list', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('entity', 'key', name='uq_custom_fields_entity_key'),
    )
    with op.batch_alter_table('organizations') as batch_op:
        batch_op.add_column(sa.Column('custom', sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
    with op.batch_alter_table('contacts') as batch_op:
        batch_op.add_column(sa.Column('marketing_consent', sa.String(length=10), server_default='unknown',
                                      nullable=False))
        batch_op.add_column(sa.Column('consent_at', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('consent_source', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('do_not_contact', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('do_not_contact_at', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('do_not_contact_source', sa.String(length=20), nullable=True))
    _free_attributes_become_fields(fields)


def _free_attributes_become_fields(fields):
    """Every distinct name in contacts' free attributes becomes a text field labelled with that
    name; each contact's value moves under the field's key unchanged (whatever JSON type it has)."""
    connection = op.get_bind()
    contacts = sa.table('contacts', sa.column('id', sa.Integer), sa.column('custom', sa.JSON))
    rows = [(row.id, row.custom) for row in connection.execute(sa.select(contacts.c.id, contacts.c.custom))
            if isinstance(row.custom, dict) and row.custom]
    names = []
    for _id, custom in rows:
        names += [name for name in custom if name not in names]
    taken: set = set()
    keys = {name: field_key(str(name), taken) for name in names}
    if keys:
        op.bulk_insert(fields, [
            {"entity": "contact", "key": key, "label": str(name)[:120], "type": "text", "options": [],
             "required": False, "position": position, "active": True, "in_list": False}
            for position, (name, key) in enumerate(keys.items())])
    for contact_id, custom in rows:
        renamed = {keys[name]: value for name, value in custom.items()}
        if renamed != custom:
            connection.execute(sa.update(contacts).where(contacts.c.id == contact_id).values(custom=renamed))


def downgrade():
    # Values go back under the names they had (the fields' labels).
    connection = op.get_bind()
    fields = sa.table('custom_fields', sa.column('entity', sa.String), sa.column('key', sa.String),
                      sa.column('label', sa.String))
    contacts = sa.table('contacts', sa.column('id', sa.Integer), sa.column('custom', sa.JSON))
    labels = dict(connection.execute(sa.select(fields.c.key, fields.c.label).where(fields.c.entity == 'contact')).all())
    for row in connection.execute(sa.select(contacts.c.id, contacts.c.custom)).all():
        if isinstance(row.custom, dict) and row.custom:
            named = {labels.get(key, key): value for key, value in row.custom.items()}
            if named != row.custom:
                connection.execute(sa.update(contacts).where(contacts.c.id == row.id).values(custom=named))
    with op.batch_alter_table('contacts') as batch_op:
        for column in ('do_not_contact_source', 'do_not_contact_at', 'do_not_contact', 'consent_source',
                       'consent_at', 'marketing_consent'):
            batch_op.drop_column(column)
    with op.batch_alter_table('organizations') as batch_op:
        batch_op.drop_column('custom')
    op.drop_table('custom_fields')
