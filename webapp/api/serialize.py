"""Leads and scores as JSON: one shape everywhere in the API.

Moments are handed over as datetimes: the app's JSON provider (webapp.json_codec) writes each
as ISO 8601 with its UTC offset, whichever engine read it.
"""

from flask import url_for

from webapp.models import Lead, Role, User
from webapp.scoring.service import LeadScore


def score_json(score: LeadScore) -> dict:
    return {
        "probability": round(score.probability, 4),
        "class": score.abc_class,
        "bant_points": score.points,
        "model_version": score.model_version,
        "factors": [{"feature": f["feature"], "value": f.get("value"), "contribution": f["contribution"]}
                    for f in score.factors],
    }


def lead_json(lead: Lead, reader: User) -> dict:
    """The lead as `reader` may see it: a sales partner learns nothing of campaigns."""
    contact, organization = lead.contact, lead.contact.organization
    return {
        "id": lead.id,
        "title": lead.title,
        "stage": lead.stage,
        "source": lead.source,
        # The stored score while the lead is open; once decided, its outcome instead.
        "probability": None if lead.outcome else lead.probability,
        "class": None if lead.outcome else lead.abc_class,
        "outcome": lead.outcome,
        "bant_points": lead.bant_points,
        "model_version": None if lead.outcome else lead.model_version,
        "expected_value": float(lead.expected_value) if lead.expected_value is not None else None,
        "due_at": lead.due_at,
        "created_at": lead.created_at,
        "scored_at": lead.scored_at,
        "closed_at": lead.closed_at,
        "paid_at": lead.paid_at,
        "campaign": {"id": lead.campaign.id, "name": lead.campaign.name}
        if lead.campaign and reader.role != Role.PARTNER else None,
        "owner": {"id": lead.owner.id, "name": lead.owner.name} if lead.owner else None,
        "contact": {"id": contact.id, "name": contact.full_name, "email": contact.email,
                    "organization": organization.name if organization else None},
        "url": url_for("leads.detail", lead_id=lead.id, _external=True),
    }
