"""Organizations and the people (contacts) who work there."""

from datetime import date

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from webapp.extensions import db
from webapp.locking import VersionedMixin
from webapp.models._base import TimestampMixin


class AddressMixin:
    street: Mapped[str | None] = mapped_column(String(160))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(80))


class Organization(VersionedMixin, AddressMixin, TimestampMixin, db.Model):
    locking_noun = "organization"
    __tablename__ = "organizations"
    # Field history (webapp.field_history): what feeds the score of the organization's leads.
    tracked_as = "organization"
    tracked_fields = ("industry", "employees", "territory", "country")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    industry: Mapped[str | None] = mapped_column(String(80), index=True)
    employees: Mapped[int | None] = mapped_column(Integer)
    website: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    territory: Mapped[str | None] = mapped_column(String(80))
    # Comparison keys for finding duplicates, stamped on every save (webapp/duplicates/stamping.py).
    phone_key: Mapped[str | None] = mapped_column(String(40), index=True)
    name_key: Mapped[str | None] = mapped_column(String(200), index=True)
    # Values of custom fields by key; defaults in the database, so inserts written before the
    # column existed (older migrations' tests, Core inserts) still fit.
    custom: Mapped[dict] = mapped_column(JSON, server_default=text("'{}'"))

    contacts: Mapped[list["Contact"]] = relationship(back_populates="organization")

    @property
    def size_band(self) -> str | None:
        if self.employees is None:
            return None
        for limit, band in ((10, "1-9"), (50, "10-49"), (250, "50-249")):
            if self.employees < limit:
                return band
        return "250+"


def normalise_email(value: str | None) -> str | None:
    """One spelling per address: trimmed and lower-case; blank is no address (None)."""
    return (value or "").strip().lower() or None


class Contact(VersionedMixin, AddressMixin, TimestampMixin, db.Model):
    locking_noun = "contact"
    __tablename__ = "contacts"
    # Field history (webapp.field_history): what feeds the score of the contact's leads (the
    # contact's industry and country stand before its organization's).
    tracked_as = "contact"
    tracked_fields = ("function", "organization_id", "industry", "country", "scoring_opt_out",
                      # and who may be written to, since when and on whose word (webapp/consent)
                      "marketing_consent", "consent_at", "consent_source",
                      "do_not_contact", "do_not_contact_at", "do_not_contact_source")
    __table_args__ = (Index("ix_contacts_last_first", "last_name", "first_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    salutation: Mapped[str | None] = mapped_column(String(20))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    function: Mapped[str | None] = mapped_column(String(120))  # job title / role in the buying centre
    # One contact per e-mail: stored normalised (see normalise_email), unique in the database.
    email: Mapped[str | None] = mapped_column(String(254), index=True, unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    mobile: Mapped[str | None] = mapped_column(String(40))
    industry: Mapped[str | None] = mapped_column(String(80))
    notes: Mapped[str | None] = mapped_column(Text)
    custom: Mapped[dict] = mapped_column(JSON, default=dict)  # values of custom fields by key
    scoring_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    # Marketing consent "yes", "no" or "unknown", and do-not-contact, each with date and source
    # (webapp/consent/labels.py): target groups skip whom webapp.consent.contactable() excludes.
    marketing_consent: Mapped[str] = mapped_column(String(10), server_default="unknown")
    consent_at: Mapped[date | None] = mapped_column(Date)
    consent_source: Mapped[str | None] = mapped_column(String(20))
    do_not_contact: Mapped[bool] = mapped_column(Boolean, server_default=false())
    do_not_contact_at: Mapped[date | None] = mapped_column(Date)
    do_not_contact_source: Mapped[str | None] = mapped_column(String(20))
    # The language of documents sent to the contact (offers); None = the company default.
    language: Mapped[str | None] = mapped_column(String(8))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Comparison keys for finding duplicates, stamped on every save (webapp/duplicates/stamping.py).
    phone_key: Mapped[str | None] = mapped_column(String(40), index=True)
    mobile_key: Mapped[str | None] = mapped_column(String(40), index=True)

    organization: Mapped["Organization | None"] = relationship(back_populates="contacts")
    leads: Mapped[list["Lead"]] = relationship(  # noqa: F821
        back_populates="contact", order_by="Lead.created_at.desc()"
    )

    @validates("email")
    def _normalise_email(self, _key, value):
        return normalise_email(value)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def effective_industry(self) -> str | None:
        return self.industry or (self.organization.industry if self.organization else None)
