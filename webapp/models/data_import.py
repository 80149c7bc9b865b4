"""Imports of organizations, contacts and leads from files, and the column mappings remembered
for a set of headers (webapp/imports)."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._base import utcnow


class Import(db.Model):
    """One file read in: its options, counts and rejected rows, and enough to revert it (the ids it
    created, the values it replaced)."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # organizations, contacts, leads
    file_name: Mapped[str] = mapped_column(String(255))
    # uploaded (waiting for its mapping), checking, checked (dry run), running, done, rejected, failed,
    # interrupted (its process stopped), abandoned (checked, never run; file removed), reverted
    status: Mapped[str] = mapped_column(String(20), default="uploaded", index=True)
    options: Mapped[dict] = mapped_column(JSON, default=dict)  # mapping, on_duplicate, all_or_nothing
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # {row, field, message}, message in English
    duplicates: Mapped[list] = mapped_column(JSON, default=list)  # {row, entity, id, by}
    created_ids: Mapped[dict] = mapped_column(JSON, default=dict)  # table → ids
    changes: Mapped[list] = mapped_column(JSON, default=list)  # {table, id, before: {field: value}}
    kept: Mapped[list] = mapped_column(JSON, default=list)  # what a revert kept because it was used since
    error: Mapped[str | None] = mapped_column(Text)  # why it failed or was interrupted, in English (stored text)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reverted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ImportMapping(db.Model):
    """The mapping last used for a set of headers, offered the next time the same headers come."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    headers_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the normalised headers
    kind: Mapped[str] = mapped_column(String(20))
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)  # column position (as text) → field
    uses: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
