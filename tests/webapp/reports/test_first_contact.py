"""leads.first_contact_at follows the lead's calls, e-mails and meetings by people, whatever the path."""

from datetime import datetime, timezone

from webapp.contacts.services import log_activity
from webapp.extensions import db
from webapp.leads.timing import aware
from webapp.models import Lead
from tests.factories import make_lead, make_user


def _first(lead) -> datetime | None:
    db.session.expire_all()
    return aware(db.session.get(Lead, lead.id).first_contact_at)


def test_first_contact_is_the_earliest_call_email_or_meeting(db):
    rep, lead = make_user("marketing"), make_lead()
    log_activity(lead.contact, rep, "note", "Read the enquiry.", lead=lead,
                 occurred_at=datetime(2026, 10, 1, 8, tzinfo=timezone.utc))
    assert _first(lead) is None
    call = log_activity(lead.contact, rep, "call", "Called back.", lead=lead,
                        occurred_at=datetime(2026, 10, 1, 10, tzinfo=timezone.utc))
    log_activity(lead.contact, rep, "email", "Sent details.", lead=lead,
                 occurred_at=datetime(2026, 10, 2, 10, tzinfo=timezone.utc))
    assert _first(lead) == datetime(2026, 10, 1, 10, tzinfo=timezone.utc)

    call.occurred_at = datetime(2026, 10, 3, 9, tzinfo=timezone.utc)  # the call was logged on the wrong day
    db.session.commit()
    assert _first(lead) == datetime(2026, 10, 2, 10, tzinfo=timezone.utc)

