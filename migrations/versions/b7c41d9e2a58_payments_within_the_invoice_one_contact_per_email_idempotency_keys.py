"""payments never exceed the invoice, one contact per e-mail, idempotency keys for the API

Revision ID: b7c41d9e2a58
Revises: e8b4c0d6a2f1
Create Date: 2026-11-25 10:00:00

* invoices.amount_paid keeps what has been paid, with CHECKs that it lies between 0 and the
  gross amount (so the outstanding amount is never negative); payments.amount must be positive.
  An invoice already overpaid is reported and its amount_paid capped at the gross amount; its
  payments stay as they are, for accounting to refund the surplus.
* contacts.email is stored trimmed and lower-case and is unique. Where several contacts share an
  address, the oldest keeps it; the others lose it (NULL) and get a line in their notes naming
  the address and the contact that kept it. Each is also reported in the migration's log.

SQLite cannot add a CHECK to an existing table without rebuilding it, and rebuilding a table
that others reference with ON DELETE CASCADE would delete their rows (foreign keys are on for
every connection). So amount_paid arrives with its CHECKs in the ADD COLUMN itself there, and
only payments (which nothing references) is rebuilt.
"""
import logging

import sqlalchemy as sa
from alembic import op

revision = 'b7c41d9e2a58'
down_revision = 'b7c3e9a1d4f2'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
PAID_CHECKS = {"ck_invoices_paid_not_negative": "amount_paid >= 0",
               "ck_invoices_outstanding_not_negative": "amount_paid <= total_gross"}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    _invoices_know_what_is_paid()
    with op.batch_alter_table('payments') as batch_op:
        batch_op.create_check_constraint(op.f('ck_payments_amount_positive'), 'amount > 0')
    _one_contact_per_email()
    op.create_table('idempotency_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['api_tokens.id'], name=op.f('fk_idempotency_keys_token_id_api_tokens'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_keys')),
    sa.UniqueConstraint('token_id', 'key', name=op.f('uq_idempotency_keys_token_id'))
    )
    op.create_index(op.f('ix_idempotency_keys_created_at'), 'idempotency_keys', ['created_at'], unique=False)


def _invoices_know_what_is_paid():
    if _sqlite():
        checks = " ".join(f"CONSTRAINT {name} CHECK ({rule})" for name, rule in PAID_CHECKS.items())
        op.execute(f"ALTER TABLE invoices ADD COLUMN amount_paid NUMERIC(12, 2) DEFAULT '0' NOT NULL {checks}")
    else:
        op.add_column('invoices', sa.Column('amount_paid', sa.Numeric(precision=12, scale=2), server_default='0',
                                            nullable=False))
    paid = "(SELECT ROUND(SUM(p.amount), 2) FROM payments p WHERE p.invoice_id = invoices.id)"
    bind = op.get_bind()
    for number, gross, total in bind.execute(sa.text(
            f"SELECT number, total_gross, {paid} FROM invoices WHERE {paid} > total_gross ORDER BY number")):
        log.warning("Invoice %s is overpaid: %.2f received on %.2f gross; amount paid set to the gross amount, "
                    "the surplus is for accounting to refund.", number, float(total), float(gross))
    op.execute(f"UPDATE invoices SET amount_paid = CASE WHEN {paid} > total_gross THEN total_gross "
               f"ELSE COALESCE({paid}, 0) END")
    if not _sqlite():
        for name, rule in PAID_CHECKS.items():
            op.create_check_constraint(op.f(name), 'invoices', rule)


def _one_contact_per_email():
    bind = op.get_bind()
    contacts = sa.table('contacts', sa.column('id', sa.Integer), sa.column('email', sa.String),
                        sa.column('notes', sa.Text))
    kept: dict[str, int] = {}
    rows = bind.execute(sa.select(contacts.c.id, contacts.c.email, contacts.c.notes)
                        .where(contacts.c.email.is_not(None)).order_by(contacts.c.id)).all()
    for contact_id, email, notes in rows:
        normalised = email.strip().lower() or None
        if normalised in kept:
            line = f"E-mail {email} removed when addresses became unique: contact {kept[normalised]} has it."
            bind.execute(contacts.update().where(contacts.c.id == contact_id)
                         .values(email=None, notes=f"{notes}\n{line}" if notes else line))
            log.warning("Contact %s: e-mail %s is contact %s's; removed here, noted in the contact's notes.",
                        contact_id, email, kept[normalised])
            continue
        if normalised != email:
            bind.execute(contacts.update().where(contacts.c.id == contact_id).values(email=normalised))
        if normalised:
            kept[normalised] = contact_id
    op.drop_index('ix_contacts_email', table_name='contacts')
    op.create_index(op.f('ix_contacts_email'), 'contacts', ['email'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_idempotency_keys_created_at'), table_name='idempotency_keys')
    op.drop_table('idempotency_keys')
    op.drop_index(op.f('ix_contacts_email'), table_name='contacts')
    op.create_index('ix_contacts_email', 'contacts', ['email'], unique=False)
    with op.batch_alter_table('payments') as batch_op:
        batch_op.drop_constraint(op.f('ck_payments_amount_positive'), type_='check')
    if not _sqlite():
        for name in PAID_CHECKS:
            op.drop_constraint(op.f(name), 'invoices', type_='check')
        op.drop_column('invoices', 'amount_paid')
        return
    # SQLite drops a column named in a CHECK only by rebuilding the table, and dropping the old
    # invoices table would cascade to its payments: keep them aside meanwhile.
    op.execute("CREATE TEMPORARY TABLE payments_kept AS SELECT * FROM payments")
    with op.batch_alter_table('invoices', recreate='always') as batch_op:
        for name in PAID_CHECKS:
            batch_op.drop_constraint(op.f(name), type_='check')
        batch_op.drop_column('amount_paid')
    op.execute("DELETE FROM payments")
    op.execute("INSERT INTO payments SELECT * FROM payments_kept")
    op.execute("DROP TABLE payments_kept")
