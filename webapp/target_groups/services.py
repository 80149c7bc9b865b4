"""Target groups: how many contacts a group holds (and how many of them consent rules skip), its
first rows, saving it on the campaign, adding its contacts as members, and members' status in bulk.

Who may not be contacted (do-not-contact, or consent "no": webapp.consent.contactable) is never
in a group, never added from it, and never set to "contacted" or "responded" in bulk; each step
says how many it skipped.
"""

from dataclasses import dataclass
from datetime import datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import DateTime, and_, case, exists, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.consent.services import contactable
from webapp.extensions import db
from webapp.models import Campaign, CampaignMember, Contact
from webapp.models.campaign import MEMBER_STATUSES, REACHED_STATUSES
from webapp.target_groups.clause import in_group
from webapp.target_groups.criteria import Draft, Group, draft_from_json
from webapp.target_groups.fields import Field, available_fields

PREVIEW_ROWS = 10
# Statuses that say someone was reached: never set for whom consent rules exclude.


class GroupError(Exception):
    """A step on a group the rules refuse; the message is for the user."""


@dataclass(frozen=True)
class Preview:
    matching: int  # contacts meeting the criteria
    skipped: int  # of those, whom consent rules exclude
    rows: list[Contact]  # the first of the group

    @property
    def count(self) -> int:
        """The group: matching contacts that may be contacted."""
        return self.matching - self.skipped


def counts(group: Group, fields: dict[str, Field]) -> tuple[int, int]:
    """(matching, skipped for consent) in one pass over the contacts."""
    skipped = func.coalesce(func.sum(case((contactable(), 0), else_=1)), 0)
    matching, skipped = db.session.execute(in_group(group, fields, func.count(), skipped)).one()
    return int(matching), int(skipped)


def preview(group: Group, fields: dict[str, Field]) -> Preview:
    """Counts and first rows in one pass: window sums over every matching contact, the contactable
    ones sorted first, so the builder's live answer reads the contacts once, not twice."""
    ok = case((contactable(), 1), else_=0)
    first = db.session.execute(
        in_group(group, fields, Contact.id, ok.label("ok"), func.count().over().label("matching"),
                 func.sum(ok).over().label("contactable"))
        .order_by(ok.desc(), Contact.last_name, Contact.first_name, Contact.id).limit(PREVIEW_ROWS)).all()
    if not first:
        return Preview(0, 0, [])
    ids = [row.id for row in first if row.ok]
    loaded = {c.id: c for c in db.session.scalars(select(Contact).where(Contact.id.in_(ids))
                                                   .options(joinedload(Contact.organization)))} if ids else {}
    matching = int(first[0].matching)
    return Preview(matching, matching - int(first[0].contactable), [loaded[i] for i in ids])


def saved_draft(campaign: Campaign, fields: dict[str, Field] | None = None) -> Draft:
    return draft_from_json(campaign.criteria, fields if fields is not None else available_fields())


def has_group(campaign: Campaign) -> bool:
    return isinstance(campaign.criteria, dict) and "rules" in campaign.criteria


def save_group(campaign: Campaign, group: Group) -> None:
    campaign.criteria = group.to_json()
    db.session.commit()


@dataclass(frozen=True)
class Snapshot:
    added: int
    already: int  # in the group and members before
    skipped: int  # matching, but consent rules exclude them


def add_from_group(campaign: Campaign, now: datetime | None = None) -> Snapshot:
    """Every contact of the saved group who is not a member yet becomes one ("targeted", from the
    group), in one INSERT ... SELECT; the campaign records when and how many."""
    if not has_group(campaign):
        raise GroupError(_("Save a target group first."))
    fields = available_fields()
    group = saved_draft(campaign, fields).group
    if group is None:
        raise GroupError(_("The saved target group has criteria that cannot be used; correct and save it first."))
    now = now or datetime.now(timezone.utc)
    members = CampaignMember.__table__
    not_yet = ~exists().where(members.c.campaign_id == campaign.id, members.c.contact_id == Contact.id)
    chosen = in_group(group, fields, literal(campaign.id), Contact.id, literal("targeted"), literal("group"),
                      literal(now, DateTime(timezone=True))).where(contactable(), not_yet)
    statement = insert(members).from_select(["campaign_id", "contact_id", "status", "origin", "added_at"], chosen)
    for attempt in (1, 2):
        try:
            before = member_count(campaign)  # rowcount of INSERT ... SELECT is not told by every driver
            db.session.execute(statement)
            added = member_count(campaign) - before
            break
        except IntegrityError:  # a colleague added some of them a moment ago: once more without those
            db.session.rollback()
            if attempt == 2:
                raise GroupError(_("Members were being added at the same moment; please try again.")) from None
    campaign.group_snapshot_at, campaign.group_snapshot_count = now, added
    db.session.commit()
    matching, skipped = counts(group, fields)
    return Snapshot(added=added, already=matching - skipped - added, skipped=skipped)


def origin_counts(campaign: Campaign) -> dict[str, int]:
    rows = db.session.execute(select(CampaignMember.origin, func.count()).where(CampaignMember.campaign_id == campaign.id)
                              .group_by(CampaignMember.origin))
    return {origin: int(n) for origin, n in rows}


@dataclass(frozen=True)
class BulkResult:
    changed: int
    skipped: int  # chosen, but consent rules forbid the status for them


def set_status_in_bulk(campaign: Campaign, status: str, member_ids: list[int] | None,
                       shown_status: str | None = None) -> BulkResult:
    """Set the status of the chosen members (None: every member of the campaign, or every member
    with `shown_status` when the list shows only those). Whom consent rules exclude are not set to
    contacted or responded, and counted."""
    if status not in MEMBER_STATUSES:
        raise GroupError(_("Choose one of the offered statuses."))
    if member_ids is not None and not member_ids:
        raise GroupError(_("Tick the members to change, or all of them."))
    chosen = CampaignMember.campaign_id == campaign.id
    if member_ids is not None:
        chosen = and_(chosen, CampaignMember.id.in_(member_ids))
    elif shown_status in MEMBER_STATUSES:
        chosen = and_(chosen, CampaignMember.status == shown_status)
    skipped = 0
    if status in REACHED_STATUSES:
        excluded = select(Contact.id).where(~contactable())
        skipped = db.session.scalar(select(func.count()).select_from(CampaignMember)
                                    .where(chosen, CampaignMember.contact_id.in_(excluded))) or 0
        chosen = and_(chosen, CampaignMember.contact_id.not_in(excluded))
    result = db.session.execute(update(CampaignMember).where(chosen).values(status=status)
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return BulkResult(result.rowcount, int(skipped))


def member_count(campaign: Campaign) -> int:
    return db.session.scalar(select(func.count()).select_from(CampaignMember)
                             .where(CampaignMember.campaign_id == campaign.id)) or 0
