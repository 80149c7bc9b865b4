"""Bulk-insert generated rows in one transaction; portable between SQLite and PostgreSQL."""

from sqlalchemy import func, insert, select, text

from webapp.demo.generator import DemoData
from webapp.demo.tracked import field_changes
from webapp.extensions import db
from webapp.reports import activity_days, lead_days
from webapp.models import (
    Activity,
    Campaign,
    CampaignMember,
    Contact,
    CustomField,
    FieldChange,
    Invoice,
    Lead,
    LostReason,
    Material,
    NumberSequence,
    Offer,
    OfferLine,
    Organization,
    Payment,
    Product,
    Setting,
    User,
)

MODELS = {
    "users": User, "custom_fields": CustomField, "organizations": Organization, "contacts": Contact, "lost_reasons": LostReason,
    "materials": Material, "products": Product, "campaigns": Campaign, "leads": Lead,
    "campaign_members": CampaignMember, "offers": Offer, "offer_lines": OfferLine,
    "invoices": Invoice, "payments": Payment, "number_sequences": NumberSequence,
    "activities": Activity,
}
# JSON columns where "no value" must be SQL NULL, not the JSON document `null`.
NULLABLE_JSON = {"activities": "details"}


def database_is_empty() -> bool:
    return (db.session.scalar(select(func.count()).select_from(Contact)) == 0
            and db.session.scalar(select(func.count()).select_from(User)) == 0)


def load(data: DemoData, password: str) -> None:
    """Insert everything or nothing. Primary keys come with the rows, parents before children."""
    session = db.session
    for row in data.users:
        user = User()
        user.set_password(password)  # one hash per user: same password, different salts
        row["password_hash"] = user.password_hash
    try:
        for table, rows in data.tables():
            for batch in _batches(table, rows):
                # Core insert on the table: executemany without the ORM's per-row bookkeeping,
                # ten times faster for the leads (their version counter) and activities.
                session.execute(insert(MODELS[table].__table__), batch)
        session.execute(insert(FieldChange.__table__), field_changes(data))
        activity_days.rebuild(session)  # Core inserts pass by the hooks that keep the counts
        lead_days.rebuild(session)
        if data.settings:  # keyed by name, not numbered: no sequence to advance
            session.execute(insert(Setting.__table__), data.settings)
        if session.get_bind().dialect.name == "postgresql":
            _advance_sequences(session)
        session.commit()
    except BaseException:
        session.rollback()
        raise


def _batches(table: str, rows: list[dict]) -> list[list[dict]]:
    """Rows with the same keys go together; a None JSON value is left out so it stays NULL."""
    column = NULLABLE_JSON.get(table)
    if not rows:
        return []
    if column is None:
        return [rows]
    with_value = [r for r in rows if r[column] is not None]
    without = [{k: v for k, v in r.items() if k != column} for r in rows if r[column] is None]
    return [b for b in (with_value, without) if b]


def _advance_sequences(session) -> None:
    # Explicit ids leave PostgreSQL's sequences at 1; move each to the highest id in its table.
    for model in MODELS.values():
        table = model.__table__.name
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"))
