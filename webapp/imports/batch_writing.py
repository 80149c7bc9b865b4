"""Writing the records an import makes, a batch at a time: companies first, then people, then leads.

New organizations and contacts go in with Core inserts (keys stamped, language set as the ORM hooks
would), leads through the ORM so they are scored. Each record's Ref gets its id once written, so
later rows (and records of the same batch) refer to it by id.
"""

from sqlalchemy import insert

from webapp.extensions import db
from webapp.imports.existing_records import Ref, record_id
from webapp.imports.rows import Lookups
from webapp.models import Contact, Lead, Organization

TABLES = ("organizations", "contacts", "leads")


class BatchWriter:
    """The new records of an import not written yet; `created_ids` (per table) grows as they are."""

    def __init__(self, *, language: str, user_id: int | None, created_ids: dict[str, list]):
        self.language, self.user_id, self.created_ids = language, user_id, created_ids
        self.pending: dict[str, list[Ref]] = {table: [] for table in TABLES}
        self._owner_ids: set | None = None

    def add(self, ref: Ref) -> None:
        self.pending[ref.table].append(ref)

    def discard(self) -> None:
        """A dry run forgets what it would have written (its Refs keep their values to compare with)."""
        self.pending = {table: [] for table in TABLES}

    def write(self) -> None:
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
            values = {**extra, **{k: record_id(v) for k, v in ref.values.items() if k in columns}}
            rows.append({column: values.get(column) for column in columns})
        ids = db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows).all()
        for ref, id_ in zip(refs, ids):
            ref.id, ref.values = id_, None
        self.created_ids[table].extend(ids)
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
        self.created_ids["leads"].extend(lead.id for lead in leads)
        self.pending["leads"] = []

    def _owners(self) -> set:
        if self._owner_ids is None:
            self._owner_ids = set(Lookups.load("leads").owners.values())
        return self._owner_ids
