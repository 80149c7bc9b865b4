"""Field history for the demo rows, which are inserted with Core and so pass no session hook.

Each record's tracked fields start at its creation with their generated values, except the
lead's stage, owner and partner, which follow the stage changes and hand-offs in its history, and
its answers (BANT, reaction), which follow the conversations that learned them.
"""

from collections import defaultdict

from webapp.field_history.values import plain
from webapp.models import Contact, Lead, Organization

VIA = "demo"
TIMELINES = ("stage", "owner_id", "partner_id")  # lead fields that follow the activities
ANSWERS = ("budget", "authority", "need", "timeline", "reaction")  # learned later: data.lead_answers


def field_changes(data) -> list[dict]:
    """The field history rows for the generated organizations, contacts and leads."""
    rows = []
    for model, records in ((Organization, data.organizations), (Contact, data.contacts)):
        for record in records:
            rows += _initial(model, record, model.tracked_fields, record.get("created_by_id"))
    events = defaultdict(list)
    for activity in data.activities:
        if activity["lead_id"] is not None and activity["kind"] in ("stage_change", "handoff"):
            events[activity["lead_id"]].append(activity)
    initial_fields = tuple(f for f in Lead.tracked_fields if f not in TIMELINES + ANSWERS)
    for lead in data.leads:
        rows += _initial(Lead, lead, initial_fields, None)
        rows += _timelines(lead, events[lead["id"]])
    rows += [_row(Lead, {"id": a["lead_id"]}, a["field"], a["old"], a["new"], a["at"], a["by"])
             for a in data.lead_answers]
    return rows


def _row(model, record, field, old, new, at, by) -> dict:
    return {"entity_type": model.tracked_as, "entity_id": record["id"], "field": field,
            "old_value": plain(old), "new_value": plain(new), "changed_at": at, "changed_by_id": by, "via": VIA}


def _initial(model, record, fields, by) -> list[dict]:
    return [_row(model, record, f, None, record[f], record["created_at"], by)
            for f in fields if record.get(f) is not None]


def _timelines(lead: dict, events: list[dict]) -> list[dict]:
    stages = [e for e in events if e["kind"] == "stage_change"]
    handoffs = [e for e in events if e["kind"] == "handoff" and e["details"]["to_role"] != "partner"]
    partner = [e for e in events if e["kind"] == "handoff" and e["details"]["to_role"] == "partner"]
    start = lead["created_at"]
    first_stage = stages[0]["details"]["to"] if stages else lead["stage"]
    first_owner = handoffs[0]["details"]["from_user"] if handoffs else lead["owner_id"]
    rows = [_row(Lead, lead, "stage", None, first_stage, start, None)]
    rows += [_row(Lead, lead, "stage", e["details"]["from"], e["details"]["to"], e["occurred_at"], e["user_id"])
             for e in stages[1:]]
    if first_owner is not None:
        rows.append(_row(Lead, lead, "owner_id", None, first_owner, start, None))
    rows += [_row(Lead, lead, "owner_id", e["details"]["from_user"], e["details"]["to_user"], e["occurred_at"],
                  e["user_id"]) for e in handoffs]
    rows += [_row(Lead, lead, "partner_id", None, e["details"]["to_user"], e["occurred_at"], e["user_id"])
             for e in partner[-1:]]
    return rows
