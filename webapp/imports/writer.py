"""Deciding what each row of an import does: find the record it duplicates (existing, or made by
an earlier row of the same file; webapp/imports/existing_records.py), apply the duplicate policy,
and hand new records to the batch writer (webapp/imports/batch_writing.py).

Changes of records that existed before go through the ORM, so their field history records them
and a revert can restore the old values. The same code runs a dry run (write=False): every
decision is made, nothing is written.
"""

from collections.abc import Callable
from datetime import date
from dataclasses import dataclass, field as dataclass_field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from webapp.duplicates.keys import organization_key, person_key, phone_key, text_key
from webapp.duplicates.stamping import contact_keys, organization_keys
from webapp.extensions import db
from webapp.imports.batch_writing import BatchWriter
from webapp.imports.existing_records import Index, Ref, record_id
from webapp.imports.required import RequiredValues
from webapp.imports.rows import CONSENT_COLUMNS, ParsedRow
from webapp.models import Contact, Lead, Organization
from webapp.stored_text import stored

POLICIES = ("skip", "fill", "overwrite", "create")
BATCH = 2000
MODELS = {"organizations": Organization, "contacts": Contact, "leads": Lead}
EMAIL_TAKEN = stored(_l("This e-mail belongs to another contact already"))


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
        self.batch = BatchWriter(language=language, user_id=user_id, created_ids=self.outcome.created_ids)
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
        ref, by = self.index.find_organization(keys["name_key"], keys["phone_key"])
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
        self.batch.add(lead)
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
        self.batch.add(ref)
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
        self.batch.add(ref)
        self.index.add_organization(ref, keys["name_key"], keys["phone_key"])
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
                               .values({k: record_id(v) for k, v in changed.items()}))
            return
        # A record that existed before: through the ORM, so field history records the change.
        if any(isinstance(value, Ref) and value.id is None for value in changed.values()):
            self.batch.write()  # the company it now belongs to is new: write it first
        record = db.session.get(MODELS[ref.table], ref.id)
        before = {}
        for name, value in changed.items():
            old = getattr(record, name)
            # Kept as JSON on the import's row: money as exact text, days ISO (revert reads them back).
            before[name] = str(old) if old is not None and name == "expected_value" else (
                old.isoformat() if isinstance(old, date) else old)
            setattr(record, name, record_id(value))
        self.outcome.changes.append({"table": ref.table, "id": ref.id, "before": before})

    # -- writing ----------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the pending records (companies first, then people, then leads), then report."""
        self._since_flush = 0
        if self.write:
            self.batch.write()
            if self.on_batch:
                self.on_batch(self)
        else:  # a dry run keeps what it would make (in the index), to compare later rows with
            self.batch.discard()


# Consent values that say nothing yet: "fill" may replace them as it fills an empty field.
UNSAID = {("marketing_consent", "unknown"), ("do_not_contact", False)}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _differs(current, new) -> bool:
    if isinstance(new, Ref):
        return new.new or current != new.id
    return current != new

