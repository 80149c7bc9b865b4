"""Leads as a table for the scoring library: the same columns for training, scoring and export.

Point in time: a closed lead is described as it was known *before* its outcome. Engagement counts
only activities before the decision (closed_at), offers sent by e-mail among them (an open lead's
offers count the same way when it is scored); nothing about stages reached, hand-offs, an offer's
acceptance or the close date itself enters the table, because each of those is written by the
outcome. The lead's age is left out too: for a closed lead it is the length of its sales cycle,
which the outcome decides (won deals run longer), while for an open lead it is only how long it
has waited.
"""

from collections import defaultdict
from datetime import datetime, timezone

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only

from webapp.extensions import db
from webapp.models import (
    CLOSED_LOST_STAGES,
    OPEN_STAGES,
    WON_STAGES,
    Activity,
    Campaign,
    Contact,
    Lead,
    Organization,
)

TARGET = "won"
DECIDED_AT = "decided_at"
ENGAGEMENT = {"call": "calls", "email": "emails", "meeting": "meetings", "note": "notes",
              "material_sent": "materials_sent"}
# Columns describing the person rather than the deal; excluded unless an admin allows them.
DEFAULT_EXCLUDED = ("salutation", "first_name", "last_name", "email", "phone", "gender")


# The columns lead_rows() reads, by table: what a lead's score depends on besides its activities.
# FEATURE_LOAD loads just these (hydrating whole rows, JSON columns included, was the larger part
# of a full rescore); webapp.scoring.live rescores a lead when any of them changes.
SCORE_INPUTS = {
    Lead: ("stage", "closed_at", "created_at", "source", "budget", "authority", "need", "timeline", "reaction",
           "expected_value", "campaign_id", "contact_id"),
    Contact: ("industry", "country", "function", "salutation", "email", "scoring_opt_out", "organization_id"),
    Organization: ("industry", "employees", "territory", "country"),
    Campaign: ("channel",),
}


def _columns(model) -> list:
    return [getattr(model, name) for name in SCORE_INPUTS[model] if not name.endswith("_id")]


FEATURE_LOAD = (
    load_only(Lead.id, *_columns(Lead)),
    joinedload(Lead.contact).load_only(*_columns(Contact))
    .joinedload(Contact.organization).load_only(*_columns(Organization)),
    joinedload(Lead.campaign).load_only(*_columns(Campaign)),
)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _engagement(lead_ids: list[int], cutoffs: dict[int, datetime]) -> dict[int, dict[str, int]]:
    """Counts of calls, e-mails, meetings, notes and materials before each lead's cut-off."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ENGAGEMENT.values(), 0))
    for start in range(0, len(lead_ids), 900):  # stay below SQLite's bound-parameter limit
        chunk = lead_ids[start:start + 900]
        rows = db.session.execute(
            select(Activity.lead_id, Activity.kind, Activity.occurred_at)
            .where(Activity.lead_id.in_(chunk), Activity.kind.in_(ENGAGEMENT)))
        for lead_id, kind, occurred_at in rows:
            if _aware(occurred_at) < cutoffs[lead_id]:
                counts[lead_id][ENGAGEMENT[kind]] += 1
    return counts


def lead_rows(leads: list[Lead], now: datetime, excluded: tuple[str, ...] = DEFAULT_EXCLUDED) -> pd.DataFrame:
    """One row per lead with the scoring features (no target)."""
    cutoffs = {lead.id: (_aware(lead.closed_at) if not lead.is_open and lead.closed_at else now)
               for lead in leads}
    engagement = _engagement([lead.id for lead in leads], cutoffs)
    rows = []
    for lead in leads:
        contact, organization = lead.contact, lead.contact.organization
        created = _aware(lead.created_at) or now
        row = {
            "lead_id": lead.id,
            "source": lead.source,
            "campaign_channel": lead.campaign.channel if lead.campaign else None,
            "industry": contact.effective_industry,
            "employees": organization.employees if organization else None,
            "territory": organization.territory if organization else None,
            "country": contact.country or (organization.country if organization else None),
            "function": contact.function,
            "budget": lead.budget,
            "authority": lead.authority,
            "need": lead.need,
            "timeline": lead.timeline,
            "reaction": lead.reaction,
            "expected_value": float(lead.expected_value) if lead.expected_value is not None else None,
            "created_month": created.month,
            "salutation": contact.salutation,
            "email": contact.email,
            **engagement[lead.id],
        }
        rows.append({k: v for k, v in row.items() if k not in excluded})
    return pd.DataFrame(rows)


def _closed_leads_query():
    return (select(Lead).where(Lead.stage.in_((*WON_STAGES, *CLOSED_LOST_STAGES)), Lead.closed_at.is_not(None))
            .options(*FEATURE_LOAD).order_by(Lead.closed_at, Lead.id))


def training_frame(now: datetime | None = None, excluded: tuple[str, ...] = DEFAULT_EXCLUDED,
                   respect_opt_out: bool = True) -> pd.DataFrame:
    """Closed leads (won = reached customer/debtor) with their features and decision time."""
    now = now or datetime.now(timezone.utc)
    leads = list(db.session.scalars(_closed_leads_query()).unique())
    if respect_opt_out:
        leads = [lead for lead in leads if not lead.contact.scoring_opt_out]
    frame = lead_rows(leads, now, excluded)
    if frame.empty:
        return frame
    frame[TARGET] = [int(lead.stage in WON_STAGES) for lead in leads]
    frame[DECIDED_AT] = [_aware(lead.closed_at).isoformat() for lead in leads]
    return frame


def open_frame(lead_ids: list[int] | None = None, now: datetime | None = None,
               excluded: tuple[str, ...] = DEFAULT_EXCLUDED) -> pd.DataFrame:
    query = select(Lead).where(Lead.stage.in_(OPEN_STAGES)).options(*FEATURE_LOAD)
    if lead_ids is not None:
        query = query.where(Lead.id.in_(lead_ids))
    return lead_rows(list(db.session.scalars(query).unique()), now or datetime.now(timezone.utc), excluded)


def outcome_counts() -> dict[str, int]:
    """Won and lost leads available for training."""
    rows = db.session.execute(select(Lead.stage, func.count()).where(Lead.closed_at.is_not(None))
                              .group_by(Lead.stage))
    counts = {"won": 0, "lost": 0}
    for stage, n in rows:
        if stage in WON_STAGES:
            counts["won"] += n
        elif stage in CLOSED_LOST_STAGES:
            counts["lost"] += n
    return counts


