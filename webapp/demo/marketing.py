"""What marketing keeps about contacts: typed custom fields and each contact's consent.

Campaign target groups filter on both, so the demo has them: three contact fields whose values
the contacts already carry, and consent given, refused or unknown, with a few contacts who asked
never to be contacted again.
"""

import random
from datetime import timedelta

from webapp.demo.clock import Clock, between

# key, English label, type, option values (translated like the contacts' values)
CONTACT_FIELDS = (
    ("preferred_channel", "Preferred channel", "choice", ("phone", "email", "meeting")),
    ("newsletter", "Newsletter", "choice", ("yes", "no")),
    ("language", "Language", "text", ()),
)
CONSENT_SOURCES = ("form", "web", "import", "phone")
REFUSAL_SOURCES = ("phone", "email", "form")


def custom_fields(words) -> list[dict]:
    return [{"id": n, "entity": "contact", "key": key, "label": words(label), "type": kind,
             "options": [words(option) for option in options], "required": False, "position": n,
             "active": True, "in_list": key == "preferred_channel"}
            for n, (key, label, kind, options) in enumerate(CONTACT_FIELDS, start=1)]


def consent(rng: random.Random, contacts: list[dict], clock: Clock) -> None:
    """Most contacts never said either way; a third agreed to marketing, a few refused, and about
    one in forty asked not to be contacted at all. Dated after the contact was created."""
    for contact in contacts:
        roll = rng.random()
        said_on = between(rng, contact["created_at"], clock.now).date()
        contact.update(marketing_consent="unknown", consent_at=None, consent_source=None,
                       do_not_contact=False, do_not_contact_at=None, do_not_contact_source=None)
        if roll < 0.025:
            contact.update(do_not_contact=True, do_not_contact_at=said_on,
                           do_not_contact_source=rng.choice(REFUSAL_SOURCES),
                           marketing_consent="no", consent_at=said_on, consent_source="email")
        elif roll < 0.07:
            contact.update(marketing_consent="no", consent_at=said_on, consent_source=rng.choice(REFUSAL_SOURCES))
        elif roll < 0.40:
            contact.update(marketing_consent="yes", consent_source=rng.choice(CONSENT_SOURCES),
                           consent_at=min(said_on, (contact["created_at"] + timedelta(days=1)).date()))
