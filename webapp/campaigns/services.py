"""Campaigns: the list with its results, saving a campaign, and its members by hand.

Marketing and admins change campaigns; every internal role reads them; partners never learn that
campaigns exist (404 on every campaign page, also from the API).
"""

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.campaigns.results import from_row, results_query
from webapp.extensions import db
from webapp.leads.services import ordered
from webapp.models import Campaign, CampaignMember, Contact, Lead, Organization, Role, User
from webapp.consent.services import may_contact
from webapp.models.campaign import MEMBER_STATUSES, REACHED_STATUSES
from webapp.paging import Page
from webapp.search import matches_all_words

EDITABLE = ("name", "channel", "starts_on", "ends_on", "budget", "actual_cost", "status", "owner_id", "description")
SORTS = ("name", "starts_on", "status", "members", "leads", "won", "revenue", "actual_cost", "cost_per_lead",
         "cost_per_won", "return_on_spend")
DEFAULT_SORT = "starts_on"
FIND_LIMIT = 10


class CampaignError(Exception):
    """A change the rules refuse; the message is for the user."""


def refuse_partners(user: User) -> None:
    if user.role == Role.PARTNER:
        abort(404)


def may_edit(user: User) -> bool:
    return user.has_role(Role.MARKETING)


def campaign_results(sort: str, direction: str, page: int, per_page: int) -> Page:
    """One page of campaigns with their results, sorted by any column of the list (empty last)."""
    query = results_query()
    columns = {c.name: c for c in query.selected_columns if c.name in SORTS}
    key = {"name": Campaign.name, "starts_on": Campaign.starts_on, "status": Campaign.status,
           "actual_cost": Campaign.actual_cost}.get(sort) if sort not in columns else columns[sort]
    key = key if key is not None else Campaign.starts_on
    total = db.session.scalar(select(func.count()).select_from(Campaign)) or 0
    rows = db.session.execute(query.order_by(ordered(key, direction), Campaign.id.desc())
                              .limit(per_page).offset((page - 1) * per_page))
    return Page([from_row(row) for row in rows], page, per_page, total)


def get_campaign(campaign_id: int) -> Campaign:
    return db.get_or_404(Campaign, campaign_id, description=_("No such campaign."))


def save_campaign(campaign: Campaign | None, data: dict, by: User) -> Campaign:
    if campaign is None:
        campaign = Campaign(created_by_id=by.id)
        db.session.add(campaign)
    for name in EDITABLE:
        if name in data:
            value = data[name]
            # an empty text or "no owner" (0 in the select) is stored as nothing; a cost of 0 stays 0
            setattr(campaign, name, None if value == "" or (name == "owner_id" and not value) else value)
    db.session.commit()
    return campaign


def owner_choices() -> list[tuple[int, str]]:
    """Whoever runs campaigns: active marketing users and admins."""
    query = (select(User.id, User.name).where(User.role.in_((Role.MARKETING, Role.ADMIN)),
                                                User.is_active_user.is_(True)).order_by(User.name))
    return [(row.id, row.name) for row in db.session.execute(query)]


# The members list's order, which its export keeps.
MEMBER_ORDER = (Contact.last_name, Contact.first_name, CampaignMember.id)


def _members_of(campaign_id: int, status: str = ""):
    where = [CampaignMember.campaign_id == campaign_id]
    if status in MEMBER_STATUSES:
        where.append(CampaignMember.status == status)
    return where


def members_page(campaign: Campaign, page: int, per_page: int, status: str = "") -> Page:
    where = _members_of(campaign.id, status)
    total = db.session.scalar(select(func.count()).select_from(CampaignMember).where(*where)) or 0
    query = (select(CampaignMember).join(Contact).where(*where)
             .options(joinedload(CampaignMember.contact).joinedload(Contact.organization))
             .order_by(*MEMBER_ORDER).limit(per_page).offset((page - 1) * per_page))
    return Page(list(db.session.scalars(query)), page, per_page, total)


def members_export_query(campaign_id: int, status: str = "") -> Select:
    """Every member (of one status, if given) as a plain row for a spreadsheet: the contact with
    organization and consent, the membership, and the lead it became, in the members list's order."""
    return (select(Contact.id.label("contact_id"), Contact.salutation, Contact.first_name, Contact.last_name,
                   Organization.name.label("organization_name"), Contact.email, Contact.phone, Contact.mobile,
                   CampaignMember.status, CampaignMember.added_at, Lead.id.label("lead_id"),
                   Lead.title.label("lead_title"), Lead.stage.label("lead_stage"), Contact.marketing_consent,
                   Contact.do_not_contact)
            .select_from(CampaignMember).join(Contact, Contact.id == CampaignMember.contact_id)
            .outerjoin(Organization, Organization.id == Contact.organization_id)
            .outerjoin(Lead, Lead.id == CampaignMember.lead_id)
            .where(*_members_of(campaign_id, status)).order_by(*MEMBER_ORDER))


def find_contacts(campaign: Campaign, q: str) -> list[Contact]:
    """Contacts matching every word of q who are not members yet (a few, to add by hand)."""
    if not q.strip():
        return []
    members = select(CampaignMember.contact_id).where(CampaignMember.campaign_id == campaign.id)
    query = (select(Contact).where(matches_all_words(q, Contact.first_name, Contact.last_name, Contact.email),
                                   Contact.id.not_in(members))
             .order_by(Contact.last_name, Contact.first_name).limit(FIND_LIMIT))
    return list(db.session.scalars(query))


def add_member(campaign: Campaign, contact: Contact) -> CampaignMember:
    existing = db.session.scalar(select(CampaignMember).where(CampaignMember.campaign_id == campaign.id,
                                                              CampaignMember.contact_id == contact.id))
    if existing is not None:
        raise CampaignError(_("%(name)s is already a member of this campaign.", name=contact.full_name))
    member = CampaignMember(campaign=campaign, contact=contact, status=MEMBER_STATUSES[0])
    db.session.add(member)
    try:
        db.session.commit()
    except IntegrityError:  # added at the same moment by a colleague
        db.session.rollback()
        raise CampaignError(_("%(name)s is already a member of this campaign.", name=contact.full_name)) from None
    return member


def get_member(campaign: Campaign, member_id: int) -> CampaignMember:
    return db.first_or_404(select(CampaignMember).where(CampaignMember.id == member_id,
                                                        CampaignMember.campaign_id == campaign.id))


def set_member_status(member: CampaignMember, status: str) -> None:
    if status not in MEMBER_STATUSES:
        raise CampaignError(_("Choose one of the offered statuses."))
    if status in REACHED_STATUSES and status != member.status and not may_contact(member.contact):
        raise CampaignError(_("%(name)s may not be contacted (do not contact, or consent refused): the status "
                              "stays as it was.", name=member.contact.full_name))
    member.status = status
    db.session.commit()


def remove_member(member: CampaignMember) -> None:
    db.session.delete(member)
    db.session.commit()


def memberships_of(contact_id: int) -> list[CampaignMember]:
    query = (select(CampaignMember).join(Campaign).where(CampaignMember.contact_id == contact_id)
             .options(joinedload(CampaignMember.campaign)).order_by(Campaign.starts_on.desc(), Campaign.id.desc()))
    return list(db.session.scalars(query))


def campaigns_to_join(contact_id: int) -> list[tuple[int, str]]:
    joined = select(CampaignMember.campaign_id).where(CampaignMember.contact_id == contact_id)
    query = select(Campaign.id, Campaign.name).where(Campaign.id.not_in(joined)).order_by(Campaign.name)
    return [(row.id, row.name) for row in db.session.execute(query)]

