"""Reverting a batch: its leads nobody has worked since are deleted, the members they came from get
their status back, and the leads someone worked are kept and named with what was done to them.

Worked means: an entry in the history by a person beyond the two the batch wrote (a call, a note,
a material, a hand-off, a stage change…), a stage other than "lead", a partner, an offer, or any
saved edit (the lead's edit version moved on; a rescore does not move it)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, select, update

from webapp.database import lock_for_update
from webapp.extensions import db
from webapp.lead_batches.planning import chunks
from webapp.leads.timing import aware
from webapp.models import (
    Activity,
    ActivityKind,
    CampaignMember,
    FieldChange,
    Lead,
    LeadBatch,
    LeadBatchItem,
    Offer,
    Stage,
    User,
)
from webapp.models._base import utcnow
from webapp.reports import lead_days

KEPT = {
    "activity": _l("worked since (history entries)"),
    "stage": _l("stage changed"),
    "partner": _l("handed to a partner"),
    "offer": _l("has an offer"),
    "edited": _l("edited since"),
}
BATCH_WROTE = (ActivityKind.STAGE_CHANGE, ActivityKind.HANDOFF)


class AlreadyReverted(Exception):
    def __init__(self, batch: LeadBatch):
        super().__init__(batch.id)
        self.batch = batch


def worked(batch: LeadBatch, lead_ids: list[int]) -> dict[int, list[str]]:
    """Lead id → why it counts as worked (codes of KEPT), for the leads of `lead_ids` someone worked."""
    found: dict[int, list[str]] = {}

    def note(lead_id, code):
        if code not in found.setdefault(lead_id, []):
            found[lead_id].append(code)

    created, saved_since = aware(batch.created_at), []
    for chunk in chunks(lead_ids):
        for row in db.session.execute(select(Lead.id, Lead.stage, Lead.partner_id, Lead.version)
                                      .where(Lead.id.in_(chunk))):
            if row.stage != Stage.LEAD:
                note(row.id, "stage")
            if row.partner_id is not None:
                note(row.id, "partner")
            if row.version > 1:
                saved_since.append(row.id)
        for lead_id, kind, at in db.session.execute(
                select(Activity.lead_id, Activity.kind, Activity.occurred_at)
                .where(Activity.lead_id.in_(chunk), Activity.user_id.is_not(None))):
            if not (kind in BATCH_WROTE and aware(at) == created):
                note(lead_id, "activity")
        for lead_id in db.session.scalars(select(Offer.lead_id).where(Offer.lead_id.in_(chunk)).distinct()):
            note(lead_id, "offer")
    for lead_id in saved_since:  # named only when nothing more telling explains the save (a call stamps the lead)
        if lead_id not in found:
            note(lead_id, "edited")
    return found


def revert_batch(batch_id: int, by: User, now: datetime | None = None) -> LeadBatch:
    """Undo the batch as far as nobody has built on it; AlreadyReverted if it was undone before."""
    batch = lock_for_update(LeadBatch, batch_id)
    if batch.reverted_at is not None:
        db.session.rollback()
        raise AlreadyReverted(batch)
    items = list(db.session.scalars(select(LeadBatchItem).where(LeadBatchItem.batch_id == batch.id)))
    keep = worked(batch, [item.lead_id for item in items if item.lead_id is not None])
    going = []
    for item in items:
        if item.lead_id is None:  # deleted by someone else meanwhile
            item.outcome = "deleted"
        elif item.lead_id in keep:
            item.outcome, item.kept_because = "kept", keep[item.lead_id]
        else:
            item.outcome = "deleted"
            going.append(item)
    _restore_members(going)
    ids = [item.lead_id for item in going]
    connection = db.session.connection()
    counted_in = lead_days.groups_of(connection, ids)  # the report's counts, recounted without them
    for chunk in chunks(ids):
        changes, leads = FieldChange.__table__, Lead.__table__
        db.session.execute(delete(changes).where(changes.c.entity_type == Lead.tracked_as,
                                                 changes.c.entity_id.in_(chunk)))
        db.session.execute(delete(leads).where(leads.c.id.in_(chunk)))  # their history goes with them
    lead_days.recount_groups(connection, counted_in)
    for item in going:
        item.lead_id = None
    batch.reverted_at, batch.reverted_by_id = now or utcnow(), by.id
    batch.deleted_count, batch.kept_count = len(ids), len(keep)
    db.session.commit()
    return batch


def _restore_members(going: list[LeadBatchItem]) -> None:
    """Members whose lead goes back to how they were; a membership the batch added goes. A member
    pointed at another lead since is left alone."""
    table = CampaignMember.__table__
    ours = (table.c.id == bindparam("member")) & (table.c.lead_id == bindparam("lead"))
    added = [{"member": i.member_id, "lead": i.lead_id} for i in going
             if i.member_id is not None and i.member_status_before is None]
    had = [{"member": i.member_id, "lead": i.lead_id, "status": i.member_status_before,
            "before": i.member_lead_before} for i in going
           if i.member_id is not None and i.member_status_before is not None]
    befores = {row["before"] for row in had if row["before"] is not None}
    alive = set(db.session.scalars(select(Lead.id).where(Lead.id.in_(befores)))) if befores else set()
    for row in had:  # a lead the member had before may be gone since
        row["before"] = row["before"] if row["before"] in alive else None
    connection = db.session.connection()
    if added:
        connection.execute(delete(table).where(ours), added)
    if had:
        connection.execute(update(table).where(ours).values(status=bindparam("status"), lead_id=bindparam("before")),
                           had)


def revert_preview(batch: LeadBatch) -> tuple[int, list[tuple[LeadBatchItem, list[str]]]]:
    """What a revert would do now: how many leads it would delete, and the items it would keep with why."""
    items = list(db.session.scalars(select(LeadBatchItem).where(LeadBatchItem.batch_id == batch.id,
                                                                LeadBatchItem.lead_id.is_not(None))
                                    .order_by(LeadBatchItem.id)))
    keep = worked(batch, [item.lead_id for item in items])
    kept = [(item, keep[item.lead_id]) for item in items if item.lead_id in keep]
    return len(items) - len(kept), kept
