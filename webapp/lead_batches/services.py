"""Batches of leads: who may mark them, which contacts a selection names, and the pages' reads."""

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models import Campaign, CampaignMember, Contact, LeadBatch, LeadBatchItem, Role, User
from webapp.paging import Page


def require_marketing(user: User) -> None:
    if user.role == Role.PARTNER:
        abort(404)
    if not user.has_role(Role.MARKETING):
        abort(403, _("Your role may not do this."))


def get_campaign(campaign_id: int) -> Campaign:
    return db.get_or_404(Campaign, campaign_id, description=_("No such campaign."))


def member_contact_ids(campaign: Campaign, member_ids: list[int] | None) -> list[int]:
    """The contacts of the campaign's members: the ticked ones, or all (None), in the members' order."""
    query = (select(CampaignMember.contact_id).join(Contact, Contact.id == CampaignMember.contact_id)
             .where(CampaignMember.campaign_id == campaign.id)
             .order_by(Contact.last_name, Contact.first_name, CampaignMember.id))
    if member_ids is not None:
        query = query.where(CampaignMember.id.in_(member_ids))
    return list(db.session.scalars(query))


def batches_page(page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(LeadBatch)) or 0
    query = (select(LeadBatch).options(joinedload(LeadBatch.campaign), joinedload(LeadBatch.created_by))
             .order_by(LeadBatch.created_at.desc(), LeadBatch.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return Page(list(db.session.scalars(query)), page, per_page, total)


def get_batch(batch_id: int) -> LeadBatch:
    return db.get_or_404(LeadBatch, batch_id, description=_("No such batch."))


def items_page(batch: LeadBatch, page: int, per_page: int) -> Page:
    """The batch's leads, those kept by a revert first (they carry its reasons)."""
    where = LeadBatchItem.batch_id == batch.id
    total = db.session.scalar(select(func.count()).select_from(LeadBatchItem).where(where)) or 0
    query = (select(LeadBatchItem).where(where)
             .options(joinedload(LeadBatchItem.contact), joinedload(LeadBatchItem.lead))
             .order_by((LeadBatchItem.outcome == "kept").desc(), LeadBatchItem.id)
             .limit(per_page).offset((page - 1) * per_page))
    return Page(list(db.session.scalars(query)), page, per_page, total)


def kept_items(batch: LeadBatch) -> list[LeadBatchItem]:
    return list(db.session.scalars(select(LeadBatchItem).where(LeadBatchItem.batch_id == batch.id,
                                                               LeadBatchItem.outcome == "kept")
                                   .options(joinedload(LeadBatchItem.contact)).order_by(LeadBatchItem.id)))
