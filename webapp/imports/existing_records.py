"""Finding the record an incoming row duplicates: existing organizations, contacts and open leads
by their comparison keys (e-mail, phone numbers, person and company, a company's name or phone,
a lead's contact and title), loaded once per import and grown by the records its rows make, so a
row also meets a record an earlier row of the same file made.
"""

from dataclasses import dataclass, field as dataclass_field

from sqlalchemy import select

from webapp.duplicates.keys import person_key, text_key
from webapp.extensions import db
from webapp.models import OPEN_STAGES, Contact, Lead, Organization


class Ref:
    """A record a row can meet again: one that existed (id), or one this import makes (new; id None
    until its batch is written, values kept until then)."""

    __slots__ = ("table", "id", "values", "new", "line")

    def __init__(self, table: str, id_: int | None = None, values: dict | None = None, line: int | None = None):
        self.table, self.id, self.values, self.new, self.line = table, id_, values, values is not None, line


def record_id(value):
    """A reference to a record (made by this import or not) as its id, by the time it is written."""
    return value.id if isinstance(value, Ref) else value


@dataclass
class Index:
    """Existing records by their comparison keys, loaded once per import and grown as rows add records."""

    org_by_name: dict = dataclass_field(default_factory=dict)
    org_by_phone: dict = dataclass_field(default_factory=dict)
    by_email: dict = dataclass_field(default_factory=dict)
    by_phone: dict = dataclass_field(default_factory=dict)
    by_person: dict = dataclass_field(default_factory=dict)  # (person key, organization key)
    open_leads: dict = dataclass_field(default_factory=dict)  # (contact Ref, title key)

    @classmethod
    def load(cls, kind: str) -> "Index":
        index, orgs = cls(), {}
        for id_, name, phone in db.session.execute(
                select(Organization.id, Organization.name_key, Organization.phone_key)):
            ref = orgs[id_] = Ref("organizations", id_)
            if name:
                index.org_by_name.setdefault(name, ref)
            if phone and kind == "organizations":
                index.org_by_phone.setdefault(phone, ref)
        if kind == "organizations":
            return index
        contacts = {}
        for id_, email, phone, mobile, first, last, org_key in db.session.execute(
                select(Contact.id, Contact.email, Contact.phone_key, Contact.mobile_key, Contact.first_name,
                       Contact.last_name, Organization.name_key).outerjoin(Contact.organization)):
            ref = contacts[id_] = Ref("contacts", id_)
            index.add_contact(ref, email, (phone, mobile), person_key(first, last), org_key)
        if kind == "leads":
            for id_, contact_id, title in db.session.execute(
                    select(Lead.id, Lead.contact_id, Lead.title).where(Lead.stage.in_(OPEN_STAGES))):
                index.open_leads.setdefault((contacts[contact_id], text_key(title)), Ref("leads", id_))
        return index

    def add_contact(self, ref: Ref, email, phones, person, org_key) -> None:
        if email:
            self.by_email.setdefault(email, ref)
        for phone in phones:
            if phone:
                self.by_phone.setdefault(phone, ref)
        if person and org_key:
            self.by_person.setdefault((person, org_key), ref)

    def add_organization(self, ref: Ref, name_key: str, phone_key: str | None) -> None:
        self.org_by_name.setdefault(name_key, ref)
        if phone_key:
            self.org_by_phone.setdefault(phone_key, ref)

    def find_organization(self, name_key: str, phone_key: str | None) -> tuple[Ref | None, str]:
        ref, by = self.org_by_name.get(name_key), "name"
        if ref is None and phone_key:
            ref, by = self.org_by_phone.get(phone_key), "phone"
        return ref, by

    def find_contact(self, email, phones, person, org_key) -> tuple[Ref | None, str | None]:
        if email and email in self.by_email:
            return self.by_email[email], "email"
        for phone in phones:
            if phone and phone in self.by_phone:
                return self.by_phone[phone], "phone"
        if person and org_key and (person, org_key) in self.by_person:
            return self.by_person[(person, org_key)], "name"
        return None, None
