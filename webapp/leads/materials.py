"""Materials sent to a contact; sending one twice needs an explicit confirmation."""

from datetime import datetime, timezone

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.extensions import db
from webapp.leads.errors import LeadError
from webapp.leads.qualification import note_action
from webapp.models import Activity, ActivityKind, Lead, Material, User
from webapp.visibility import on_visible_leads


class AlreadySent(LeadError):
    def __init__(self, material: Material, earlier: list[Activity]):
        self.material = material
        self.earlier = earlier
        shown = current_app.jinja_env.filters["date"]  # dates as every page shows them
        dates = ", ".join(shown(a.occurred_at) for a in earlier)
        super().__init__(_("%(material)s was sent to this contact before (%(dates)s). Send it again?",
                           material=material.name, dates=dates))


def sent_materials(user: User, contact_id: int) -> list[Activity]:
    """What went to the contact, as far as the user may see: a partner only the sends on the
    leads handed to them, never what the company sent in its own projects with the person."""
    query = (select(Activity).where(Activity.contact_id == contact_id, Activity.kind == ActivityKind.MATERIAL_SENT,
                                    on_visible_leads(user, Activity.lead_id))
             .order_by(Activity.occurred_at.desc()))
    return list(db.session.scalars(query))


def send_material(lead: Lead, material: Material, by: User, *, confirm: bool = False,
                  note: str | None = None, now: datetime | None = None) -> Activity:
    """Log that `material` went to the lead's contact; refuse a repeat unless confirmed. A partner
    is asked about their own earlier sends only: naming an in-house send would disclose it."""
    earlier = [a for a in sent_materials(by, lead.contact_id) if a.material_id == material.id]
    if earlier and not confirm:
        raise AlreadySent(material, earlier)
    activity = Activity(contact_id=lead.contact_id, lead_id=lead.id, kind=ActivityKind.MATERIAL_SENT,
                        subject=material.name, body=note, material_id=material.id, user_id=by.id,
                        occurred_at=now or datetime.now(timezone.utc),
                        details={"repeat": bool(earlier)})
    db.session.add(activity)
    note_action(lead, by)
    db.session.commit()
    return activity
