"""A small team with known times: the figures of tests/webapp/reports are worked out by hand from it.

Period 2026-10-05 (Mon) to 2026-10-18. Hours to the first callback: A 2, B 4 (a note earlier and a
system e-mail earlier do not count), C 10, E 6; D, F and G were never contacted; G was created
before the period.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from webapp.extensions import db
from sqlalchemy import update

from webapp.models import Lead, LostReason
from tests.factories import make_activity, make_contact, make_lead, make_user

PERIOD = {"from": "2026-10-05", "to": "2026-10-18"}


def at(day: int, hour: int, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=timezone.utc)


@dataclass
class Team:
    mia: object
    sam: object
    leads: dict


def build_team() -> Team:
    mia = make_user("marketing", name="Mia Marketing")
    sam = make_user("sales", name="Sam Sales")
    reason = LostReason(label="Too expensive")
    db.session.add(reason)
    db.session.commit()

    scores = {}

    def lead(key, created, owner, abc_class="B", probability=None, **kw):
        contact = make_contact(last_name=f"Person{key}")
        made = make_lead(contact, title=f"Project {key}", created_at=created, owner_id=owner.id, **kw)
        scores[made.id] = {"abc_class": abc_class, "probability": probability}
        return made

    leads = {
        "A": lead("A", at(5, 9), mia, source="web_form", expected_value=Decimal("1000"), probability=0.5,
                  abc_class="A"),
        "B": lead("B", at(6, 10), mia, source="web_form"),
        "C": lead("C", at(12, 8), sam, stage="prospect", source="referral", expected_value=Decimal("2000"),
                  probability=0.25),
        "D": lead("D", at(13, 8), sam, source="referral", due_at=at(14, 8), escalated_at=at(15, 8)),
        "E": lead("E", at(14, 8), sam, stage="customer", source="referral", abc_class="A", probability=0.75,
                  handoff_count=3),
        "F": lead("F", at(15, 8), sam, stage="lost", abc_class="C", probability=0.15, lost_reason_id=reason.id),
        "G": lead("G", at(1, 8, month=9), mia, source="cold_call"),
    }

    def log(key, kind, hours, user):
        target = leads[key]
        make_activity(target.contact, kind=kind, lead_id=target.id, user_id=user.id if user else None,
                      occurred_at=target.created_at.replace(tzinfo=timezone.utc) + timedelta(hours=hours))

    log("A", "call", 2, mia)
    log("B", "note", 1, mia)
    log("B", "email", 0.5, None)  # written by the app, not a person
    log("B", "email", 4, mia)
    log("C", "meeting", 10, sam)
    log("E", "call", 6, sam)
    for lead_id, values in scores.items():  # the score a test relies on, written over the app's rescore
        db.session.execute(update(Lead).where(Lead.id == lead_id).values(**values))
    db.session.commit()
    return Team(mia, sam, leads)


NOW = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)  # "now" of the report tests, after the period


def report(**args):
    """The report of PERIOD (or the filters given) as the page computes it, at NOW."""
    from webapp.reports import figures, filters

    return figures.report(filters.parse(PERIOD | args, NOW.date()), NOW)
