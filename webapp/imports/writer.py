"""Deciding and writing what each row of an import does: find the record it duplicates (existing,
or made by an earlier row of the same file) by e-mail, phone numbers, person and company, or a
company's name, apply the duplicate policy, and write new records in batches.

New organizations and contacts go in with Core inserts (keys stamped, language set as the ORM hooks
would), leads through the ORM so they are scored; changes of records that existed before go
through the ORM, so their field history records them and a revert can restore the old values.
The same code runs a dry run (write=False): every decision is made, nothing is written.
"""

from datetime import date
from collections.abc import Callable
from dataclasses import dataclass, field as dataclass_field

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update

from webapp.duplicates.keys import organization_key, person_key, phone_key, text_key
from webapp.duplicates.stamping import contact_keys, organization_keys
from webapp.extensions import db
from webapp.imports.required import RequiredValues
from webapp.imports.rows import CONSENT_COLUMNS, Lookups, ParsedRow
from webapp.models import OPEN_STAGES, Contact, Lead, Organization
from webapp.stored_text import stored

POLICIES = ("skip", "fill", "overwrite", "create")
BATCH = 2000
MODELS = {"organizations": Organization, "contacts": Contact, "leads": Lead}
EMAIL_TAKEN = stored(_l("This e-mail belongs to another contact already"))


class Ref:
    """A record a row can meet again: one that existed (id), or one this import makes (new; id None
    until its batch is written, values kept until then)."""

    __slots__ = ("table", "id", "values", "new", "line")

    def __init__(self, table: str, id_: int | None = None, values: dict | None = None, line: int | None = None):
        self.table, self.id, self.values, self.new, self.line = table, id_, values, values is not None, line


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

    def find_contact(self, email, phones, person, org_key) -> tuple[Ref | None, str | None]:
        if email and email in self.by_email:
            return self.by_email[email], "email"
        for phone in phones:
            if phone and phone in self.by_phone:
                return self.by_phone[phone], "phone"
        if person and org_key and (person, org_key) in self.by_person:
            return self.by_person[(person, org_key)], "name"
        return None, None


@dataclass
class Outcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = dataclass_field(default_factory=list)
    duplicates: list = dataclass_field(default_factory=list)
    created_ids: dict = dataclass_field(default_factory=lambda: {"organizations": [], "contacts": [], "leads": []})
    made: dict = dataclass_field(default_factory=lambda: {"organizations": 0, "contacts": 0, "leads": 0})
    changes: list = dataclass_field(default_factory=list)  # {table, id, before}

    def as_dict(self) -> dict:
        return {"rows": self.rows, "created": self.created, "updated": self.updated, "skipped": self.skipped,
                "duplicates": len({d["row"] for d in self.duplicates}), "errors": self.errors,
                "created_by_kind": dict(self.made)}


class Importer:
    def __init__(self, kind: str, on_duplicate: str, *, write: bool, region: str, language: str,
                 user_id: int | None = None, on_batch: Callable[["Importer"], None] | None = None):
        if on_duplicate not in POLICIES:
            raise ValueError(on_duplicate)
        self.kind, self.policy, self.write, self.region, self.language = kind, on_duplicate, write, region, language
        self.user_id, self.on_batch = user_id, on_batch
        self.index = Index.load(kind)
        self.required = RequiredValues()
        self.outcome = Outcome()
        self.pending = {"organizations": [], "contacts": [], "leads": []}
        self._since_flush = 0

    # -- rows -------------------------------------------------------------------------------------

    def add(self, row: ParsedRow) -> None:
        self.outcome.rows += 1
        if row.errors:
            self.outcome.errors.extend(row.errors)
            return
        before = len(self.outcome.errors)
        if self.kind == "organizations":
            self._organization_row(row)
        elif self.kind == "contacts":
            self._contact_row(row)
        else:
            self._lead_row(row)
        if len(self.outcome.errors) > before:
            return
        self._since_flush += 1
        if self._since_flush >= BATCH:
            self.flush()

    def _organization_row(self, row: ParsedRow) -> None:
        values = row.organization
        keys = organization_keys(values, self.region)
        ref, by = self.index.org_by_name.get(keys["name_key"]), "name"
        if ref is None and keys["phone_key"]:
            ref, by = self.index.org_by_phone.get(keys["phone_key"]), "phone"
        if ref is not None:
            self._duplicate(row, ref, by)
            if self.policy != "create":
                return self._count(self._change(ref, values, row))
        if self._lacks_required(row, "organizations", values.get("custom")):
            return
        self._new_organization(values, row.line)
        self.outcome.created += 1

    def _contact_row(self, row: ParsedRow) -> None:
        ref = self._contact(row, skip_counts=True)
        if ref == "created":
            self.outcome.created += 1
        elif ref in ("updated", "skipped"):
            self._count(ref)

    def _lead_row(self, row: ParsedRow) -> None:
        contact = self._contact(row, skip_counts=False)
        if contact is None:
            return
        title_key = text_key(row.lead["title"])
        ref = self.index.open_leads.get((contact, title_key))
        if ref is not None:
            self._duplicate(row, ref, "title")
            if self.policy != "create":
                return self._count(self._change(ref, row.lead))
        lead = Ref("leads", values={**row.lead, "contact": contact}, line=row.line)
        self.pending["leads"].append(lead)
        self.index.open_leads.setdefault((contact, title_key), lead)
        self.outcome.made["leads"] += 1
        self.outcome.created += 1

    def _contact(self, row: ParsedRow, skip_counts: bool):
        """The contact of a contact or lead row, after the duplicate policy. For a contact row the
        result is what happened ("created", "updated", "skipped"); for a lead row the contact's Ref
        (None after an error)."""
        values, org_values = row.contact, row.organization
        keys = contact_keys(values, self.region)
        org_name = org_values.get("name")
        org_key = organization_key(org_name) if org_name else None
        # A person is matched by name only together with a company.
        person = person_key(values.get("first_name"), values.get("last_name")) if org_key else None
        phones = (keys["phone_key"], keys["mobile_key"])
        ref, by = self.index.find_contact(values.get("email"), phones, person, org_key)
        if ref is not None:
            self._duplicate(row, ref, by)
            if self.policy == "create" and values.get("email") and values["email"] in self.index.by_email:
                self._reject(row, "email", EMAIL_TAKEN)
                return None
            if self.policy != "create":
                company = None
                if org_key:
                    def company(current_id, org_values=org_values, org_key=org_key, row=row):
                        # A contact who has a company already is moved only to one that exists.
                        if current_id is None and self._new_organization_refused(row, org_key):
                            return None
                        return self._organization_for(org_values, org_key, row.line, create=current_id is None)
                result = self._change(ref, values, row, company)
                if result == "error":
                    return None
                return result if skip_counts else ref
        if self._lacks_required(row, "contacts", values.get("custom")) or (
                org_key and self._new_organization_refused(row, org_key)):
            return None
        values = {**values, **keys}
        if org_key:
            values["organization_id"] = self._organization_for(org_values, org_key, row.line)
        ref = Ref("contacts", values=values, line=row.line)
        self.pending["contacts"].append(ref)
        self.index.add_contact(ref, values.get("email"), phones, person, org_key)
        self.outcome.made["contacts"] += 1
        return "created" if skip_counts else ref

    def _organization_for(self, values: dict, org_key: str, line: int, create: bool = True) -> Ref | None:
        """The company a contact works for: the one with that name, else a new one (or None)."""
        ref = self.index.org_by_name.get(org_key)
        if ref is None and create:
            ref = self._new_organization(values, line)
        return ref

    def _new_organization(self, values: dict, line: int) -> Ref:
        keys = organization_keys(values, self.region)
        ref = Ref("organizations", values={**values, **keys}, line=line)
        self.pending["organizations"].append(ref)
        self.index.org_by_name.setdefault(keys["name_key"], ref)
        if keys["phone_key"]:
            self.index.org_by_phone.setdefault(keys["phone_key"], ref)
        self.outcome.made["organizations"] += 1
        return ref

    def _duplicate(self, row: ParsedRow, ref: Ref, by: str) -> None:
        self.outcome.duplicates.append({"row": row.line, "record": ref.table, "id": None if ref.new else ref.id,
                                        "of_row": ref.line if ref.new else None, "by": by})

    def _reject(self, row: ParsedRow, field: str, message) -> None:
        row.reject(field, message)
        self.outcome.errors.append(row.errors[-1])

    def _lacks_required(self, row: ParsedRow, table: str, custom: dict | None) -> bool:
        """Reject the row when `custom` misses a required field of `table`'s records."""
        before = len(row.errors)
        self.outcome.errors.extend(self.required.reject_missing(row, table, custom)[before:])
        return len(row.errors) > before

    def _new_organization_refused(self, row: ParsedRow, org_key: str) -> bool:
        """A contact or lead row would make an organization it cannot give its required values."""
        if not self.required.asks("organizations") or org_key in self.index.org_by_name:
            return False
        self.outcome.errors.append(self.required.reject_new_organization(row)[-1])
        return True

    def _count(self, result: str) -> None:
        if result == "updated":
            self.outcome.updated += 1
        elif result == "skipped":
            self.outcome.skipped += 1

    # -- changes of a record met again -----------------------------------------------------------

    def _change(self, ref: Ref, values: dict, row: ParsedRow | None = None,
                company: Callable[[int | Ref | None], Ref | None] | None = None) -> str:
        """Apply the policy (skip, fill, overwrite) to a duplicate: "updated", "skipped" or "error".
        `company` gives a contact's company from the row, asked only once the row is accepted and
        the policy lets it change the contact's, so no company is made that nobody works for."""
        if self.policy == "skip":
            return "skipped"
        current = self._current(ref, {**values, "organization_id": None} if company else values)
        if "custom" in values:  # custom values count one by one, as fields of their own
            values = {**values, "custom": self._custom(current.get("custom"), values["custom"])}
        changed = {name: value for name, value in values.items()
                   if name in current and self._replaces(name, current[name], value)
                   and not self._same_number(name, current[name], value)}
        for answer, dated in CONSENT_COLUMNS.items():  # a date and source go only with their answer
            if answer not in changed:
                changed = {name: value for name, value in changed.items() if name not in dated}
        email = changed.get("email")
        if email and self.index.by_email.get(email, ref) is not ref:
            self._reject(row, "email", EMAIL_TAKEN)
            return "error"
        if changed and self.required.asks(ref.table):  # a record changed must hold its required values
            custom = changed["custom"] if "custom" in changed else self._current(ref, {"custom": None})["custom"]
            if self._lacks_required(row, ref.table, custom):
                return "error"
        if company and (self.policy == "overwrite" or _blank(current["organization_id"])):
            organization = company(current["organization_id"])
            if row is not None and row.errors:  # a new company it may not make
                return "error"
            if organization is not None and _differs(current["organization_id"], organization):
                changed["organization_id"] = organization
        if not changed:
            return "skipped"
        if email:
            self.index.by_email[email] = ref
        if ref.table == "contacts" and ("phone" in changed or "mobile" in changed):
            changed |= contact_keys({**current, **changed}, self.region)
        if ref.table == "organizations" and ("phone" in changed or "name" in changed):
            changed |= organization_keys({**current, **changed}, self.region)
        self._apply(ref, changed)
        return "updated"

    def _custom(self, current: dict | None, new: dict) -> dict:
        """The record's custom values with the file's: each filled when empty, or overwritten."""
        merged = dict(current or {})
        for key, value in new.items():
            if self.policy == "overwrite" or _blank(merged.get(key)):
                merged[key] = value
        return merged

    def _replaces(self, name: str, current, new) -> bool:
        """Custom values are merged one by one already; an unsaid consent counts as blank."""
        return _differs(current, new) and (self.policy == "overwrite" or _blank(current) or name == "custom"
                                           or (name, current) in UNSAID)

    def _same_number(self, name: str, current, new) -> bool:
        """Another spelling of the stored phone number is no change."""
        return name in ("phone", "mobile") and phone_key(current, self.region) == phone_key(new, self.region)

    def _current(self, ref: Ref, values: dict) -> dict:
        names = [name for name in values if name != "contact"]
        if ref.values is not None:  # made by this import, not written yet
            return {name: ref.values.get(name) for name in names}
        model = MODELS[ref.table]
        columns = [getattr(model, name) for name in names if name in model.__table__.c]
        row = db.session.execute(select(*columns).where(model.id == ref.id)).one()
        return dict(zip((c.key for c in columns), row))

    def _apply(self, ref: Ref, changed: dict) -> None:
        if not self.write or ref.values is not None:
            if ref.values is not None:
                ref.values.update(changed)
            return
        if ref.new:  # made by this import and written already: nothing to restore, no history to keep
            model = MODELS[ref.table]
            db.session.execute(update(model).where(model.id == ref.id)
                               .values({k: _id(v) for k, v in changed.items()}))
            return
        # A record that existed before: through the ORM, so field history records the change.
        if any(isinstance(value, Ref) and value.id is None for value in changed.values()):
            self._write_pending()  # the company it now belongs to is new: write it first
        record = db.session.get(MODELS[ref.table], ref.id)
        before = {}
        for name, value in changed.items():
            old = getattr(record, name)
            # Kept as JSON on the import's row: money as exact text, days ISO (revert reads them back).
            before[name] = str(old) if old is not None and name == "expected_value" else (
                old.isoformat() if isinstance(old, date) else old)
            setattr(record, name, _id(value))
        self.outcome.changes.append({"table": ref.table, "id": ref.id, "before": before})

    # -- writing ----------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the pending records (companies first, then people, then leads), then report."""
        self._since_flush = 0
        if self.write:
            self._write_pending()
            if self.on_batch:
                self.on_batch(self)
        else:  # a dry run keeps what it would make, to compare later rows with
            self.pending = {"organizations": [], "contacts": [], "leads": []}

    def _write_pending(self) -> None:
        # Every column is written (one executemany shape), so NOT NULL ones get their defaults here.
        self._insert("organizations", Organization, {"custom": {}})
        self._insert("contacts", Contact, {"language": self.language, "created_by_id": self.user_id,
                                           "scoring_opt_out": False, "custom": {},
                                           "marketing_consent": "unknown", "do_not_contact": False})
        self._insert_leads()

    def _insert(self, table: str, model, extra: dict) -> None:
        refs = self.pending[table]
        if not refs:
            return
        columns = {c.key for c in model.__table__.columns} - {"id", "version", "created_at", "updated_at"}
        rows = []
        for ref in refs:
            values = {**extra, **{k: _id(v) for k, v in ref.values.items() if k in columns}}
            rows.append({column: values.get(column) for column in columns})
        ids = db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows).all()
        for ref, id_ in zip(refs, ids):
            ref.id, ref.values = id_, None
        self.outcome.created_ids[table].extend(ids)
        self.pending[table] = []

    def _insert_leads(self) -> None:
        refs = self.pending["leads"]
        if not refs:
            return
        leads = []
        for ref in refs:
            values = {k: v for k, v in ref.values.items() if k != "contact"}
            values.setdefault("owner_id", self.user_id if self.user_id in self._owners() else None)
            leads.append(Lead(contact_id=ref.values["contact"].id, stage="lead", **values))
        db.session.add_all(leads)
        db.session.flush()
        for ref, lead in zip(refs, leads):
            ref.id, ref.values = lead.id, None
        self.outcome.created_ids["leads"].extend(lead.id for lead in leads)
        self.pending["leads"] = []

    def _owners(self) -> set:
        if not hasattr(self, "_owner_ids"):
            self._owner_ids = set(Lookups.load("leads").owners.values())
        return self._owner_ids


# Consent values that say nothing yet: "fill" may replace them as it fills an empty field.
UNSAID = {("marketing_consent", "unknown"), ("do_not_contact", False)}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _differs(current, new) -> bool:
    if isinstance(new, Ref):
        return new.new or current != new.id
    return current != new


def _id(value):
    """A reference to a record (made by this import or not) as its id, by the time it is written."""
    return value.id if isinstance(value, Ref) else value
