"""Small factories in the spirit of gen_*: explicit keyword arguments, no magic."""

import itertools

from webapp.extensions import db
from webapp.models import Activity, Contact, Lead, Organization, User

_seq = itertools.count(1)
PASSWORD = "correct horse battery"


def make_user(role: str = "sales", email: str | None = None, name: str | None = None,
              password: str = PASSWORD, **kw) -> User:
    n = next(_seq)
    user = User(email=email or f"user{n}@test.example", name=name or f"{role.title()} User {n}",
                role=role, **kw)
    user.password_hash = _fast_hash(password)
    db.session.add(user)
    db.session.commit()
    return user


def _fast_hash(password: str) -> str:
    # The default scrypt cost is right for production and needlessly slow for tests.
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def make_organization(name: str | None = None, **kw) -> Organization:
    organization = Organization(name=name or f"Org {next(_seq)} GmbH", **kw)
    db.session.add(organization)
    db.session.commit()
    return organization


def make_contact(first_name: str = "Erika", last_name: str | None = None, **kw) -> Contact:
    contact = Contact(first_name=first_name, last_name=last_name or f"Muster{next(_seq)}", **kw)
    db.session.add(contact)
    db.session.commit()
    return contact


def make_lead(contact: Contact | None = None, title: str | None = None, **kw) -> Lead:
    contact = contact or make_contact()
    lead = Lead(contact_id=contact.id, title=title or f"Project {next(_seq)}", **kw)
    db.session.add(lead)
    db.session.commit()
    return lead


def make_activity(contact: Contact, kind: str = "note", body: str = "Spoke briefly.", **kw) -> Activity:
    activity = Activity(contact_id=contact.id, kind=kind, body=body, **kw)
    db.session.add(activity)
    db.session.commit()
    return activity
