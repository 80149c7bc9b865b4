"""Creating a batch: the plan worked out again under a lock and, if it is still the one the preview
showed, written in one transaction. The leads get what one new lead gets (webapp.leads.lifecycle.
create_lead): stage history, an owner with a time window and the hand-off in the history, field
history and a score. Ten thousand leads one by one through the ORM cost far more than the
database's work, so the leads, their history entries and their field history go in with one
INSERT per chunk (Core passes no session hook: the initial field values are written here with
the recorder's own rows, and the leads are noted for the live score, which scores them all in
one vectorised pass at commit). The batch's items and the members' statuses go in the same way."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError

from webapp.database import is_sqlite, lock_for_update
from webapp.extensions import db
from webapp.lead_batches.owners import owners_for
from webapp.lead_batches.planning import Options, Plan, chunks, make_plan
from webapp.leads.history import handoff_values, stage_change_values
from webapp.field_history.recorder import initial_values
from webapp.models import Activity, CampaignMember, FieldChange, Lead, LeadBatch, LeadBatchItem, Stage, User
from webapp.models._base import utcnow
from webapp.notifications import events
from webapp.reports import lead_days
from webapp.scoring.live import note_new_leads
from webapp.settings.services import get_settings

CHUNK_ROWS = 2000  # leads per round of INSERTs: few round trips, bounded memory
LOCK_KEY = 0x1EADBA7C  # PostgreSQL advisory lock: one batch commits at a time


@dataclass
class Outcome:
    """"created" (batch), "exists" (batch: this preview was committed before) or "changed" (plan:
    the data changed since the preview, nothing was written)."""

    kind: str
    batch: LeadBatch | None = None
    plan: Plan | None = None


def _one_at_a_time(by: User) -> None:
    """Hold the batch lock until this transaction ends, so a second commit of the same selection
    works its plan out after the first one's leads exist. SQLite has a single write lock, taken by
    any write (then reads see every committed change)."""
    if is_sqlite(db.session.get_bind()):
        lock_for_update(User, by.id)
    else:
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def _existing(token: str) -> LeadBatch | None:
    return db.session.scalar(select(LeadBatch).where(LeadBatch.token == token))


def commit_plan(by: User, contact_ids: list[int], options: Options, token: str, fingerprint: str,
                now: datetime | None = None) -> Outcome:
    """Create the batch the preview (`token`, `fingerprint`) showed, or say why not."""
    _one_at_a_time(by)
    existing = _existing(token)
    if existing is not None:
        db.session.rollback()
        return Outcome("exists", batch=existing)
    plan = make_plan(by, contact_ids, options)
    if plan.fingerprint != fingerprint:
        db.session.rollback()
        return Outcome("changed", plan=plan)
    try:
        batch = create_batch(plan, by, token, now)
        db.session.commit()
    except IntegrityError:  # the same preview committed at this moment elsewhere
        db.session.rollback()
        existing = _existing(token)
        if existing is None:
            raise
        return Outcome("exists", batch=existing)
    return Outcome("created", batch=batch)


def create_batch(plan: Plan, by: User, token: str, now: datetime | None = None) -> LeadBatch:
    """Write `plan` as a batch in the session's transaction; the caller commits."""
    now = now or utcnow()
    o = plan.options
    batch = LeadBatch(token=token, title=o.title, campaign_id=o.campaign_id, source=o.source,
                      expected_value=o.expected_value, created_by_id=by.id, created_at=now,
                      created_count=len(plan.new), skipped_count=len(plan.skipped),
                      skipped=[s.as_row() for s in plan.skipped])
    db.session.add(batch)
    db.session.flush()  # a second commit of the same preview stops here (unique token)
    contact_ids = [c.contact_id for c in plan.new]
    owners, reason = owners_for(contact_ids, by, now)
    people = {owner.id: owner for owner in owners}
    due = now + timedelta(hours=get_settings()["sla_hours"].get(Stage.LEAD, 48))
    lead_of = {}
    for start in range(0, len(contact_ids), CHUNK_ROWS):
        chunk = list(zip(contact_ids[start:start + CHUNK_ROWS], owners[start:start + CHUNK_ROWS]))
        values = {"title": o.title, "source": o.source, "campaign_id": o.campaign_id,
                  "expected_value": o.expected_value, "stage": Stage.LEAD.value, "furthest_stage": Stage.LEAD.value,
                  "created_at": now, "updated_at": now, "updated_by_id": by.id, "handoff_count": 1, "due_at": due}
        # RETURNING in any order (in the parameters' order SQLite would insert row by row): the
        # contact names its lead, as each contact gets one.
        inserted = db.session.execute(
            insert(Lead.__table__).returning(Lead.id, Lead.contact_id, Lead.owner_id),
            [{**values, "contact_id": contact_id, "owner_id": owner.id} for contact_id, owner in chunk]).all()
        history, changes = [], []
        for lead_id, contact_id, owner_id in inserted:
            lead_of[contact_id] = lead_id
            history.append(stage_change_values(lead_id, contact_id, by, "contact", Stage.LEAD, now, "new project"))
            history.append(handoff_values(lead_id, contact_id, by, None, people[owner_id], now, reason))
            changes += initial_values(Lead, {**values, "id": lead_id, "owner_id": owner_id}, now, by.id)
        _insert_many(Activity.__table__, history)
        _insert_many(FieldChange.__table__, changes)
    note_new_leads(db.session(), lead_of.values())
    connection = db.session.connection()  # the report's counts per day: Core passed by their hook
    lead_days.recount_groups(connection, lead_days.groups_of(connection, lead_of.values()))
    members = _memberships(o.campaign_id, lead_of, now)
    _insert_many(LeadBatchItem.__table__, [{"batch_id": batch.id, "lead_id": lead_of[contact_id],
                                             "contact_id": contact_id, **members.get(contact_id, {})}
                                            for contact_id in contact_ids])
    _mark_members(batch.id)
    _tell_owners(batch, owners, by)
    return batch


def _insert_many(table, rows: list[dict]) -> None:
    """The rows with one executemany (psycopg pipelines it; multi-row VALUES cost more there, as
    psycopg parses each long statement anew)."""
    if rows:
        db.session.execute(insert(table), rows)


def _memberships(campaign_id: int | None, lead_of: dict[int, int], now: datetime) -> dict[int, dict]:
    """Each contact's membership of the campaign as it was (member id, status and lead before);
    contacts not on it join it now as "lead" (no status before)."""
    if not campaign_id or not lead_of:
        return {}
    table = CampaignMember.__table__
    before = {}
    for chunk in chunks(sorted(lead_of)):
        for row in db.session.execute(select(table.c.id, table.c.contact_id, table.c.status, table.c.lead_id)
                                      .where(table.c.campaign_id == campaign_id, table.c.contact_id.in_(chunk))):
            before[row.contact_id] = {"member_id": row.id, "member_status_before": row.status,
                                      "member_lead_before": row.lead_id}
    joining = [{"campaign_id": campaign_id, "contact_id": contact_id, "status": "lead", "lead_id": lead_id,
                "added_at": now} for contact_id, lead_id in lead_of.items() if contact_id not in before]
    if joining:
        for member_id, contact_id in db.session.execute(
                insert(table).returning(table.c.id, table.c.contact_id), joining):
            before[contact_id] = {"member_id": member_id, "member_status_before": None, "member_lead_before": None}
    return before


def _mark_members(batch_id: int) -> None:
    """The members the batch's leads came from become "lead" with their lead: one UPDATE, reading
    each member's lead from the batch's items (by the items' batch-and-member index)."""
    members, items = CampaignMember.__table__, LeadBatchItem.__table__
    of_batch = (items.c.batch_id == batch_id) & items.c.member_status_before.is_not(None)
    lead = select(items.c.lead_id).where(items.c.batch_id == batch_id, items.c.member_id == members.c.id)
    db.session.execute(update(members).where(members.c.id.in_(select(items.c.member_id).where(of_batch)))
                       .values(status="lead", lead_id=lead.scalar_subquery()))


def _tell_owners(batch: LeadBatch, owners: list[User], by: User) -> None:
    """Each owner handed leads by someone else hears once, with their number (not once per lead)."""
    counts: dict[int, int] = {}
    for owner in owners:
        counts[owner.id] = counts.get(owner.id, 0) + 1
    people = {owner.id: owner for owner in owners}
    for owner_id, count in counts.items():
        if owner_id != by.id:
            events.batch_assigned(batch, people[owner_id], count, by)
