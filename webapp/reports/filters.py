"""What a report covers: the period of creation and whose leads. Parsed from plain strings (a GET
form or a stored schedule); what cannot be used is named in a message and left out."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select

from webapp.extensions import db
from webapp.models import Campaign, Lead, LeadDay, Role, Source, User

DEFAULT_DAYS = 90
ROLES = (Role.ADMIN, Role.MARKETING, Role.SALES, Role.SERVICE, Role.ACCOUNTING)


@dataclass(frozen=True)
class ReportFilters:
    start: date  # first day of creation, inclusive (UTC days)
    end: date  # last day of creation, inclusive
    owner_id: int | None = None
    role: str = ""
    source: str = ""
    campaign_id: int | None = None
    errors: tuple[str, ...] = field(default=(), compare=False)

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=timezone.utc)

    @property
    def end_before(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=timezone.utc)

    def whose(self, model=Lead) -> list[ColumnElement[bool]]:
        """Conditions on leads (or on rows with their owner, source and campaign, as lead_days) for
        owner, role, source and campaign (figures about now use these)."""
        conditions = []
        if self.owner_id:
            conditions.append(model.owner_id == self.owner_id)
        if self.role:
            conditions.append(model.owner_id.in_(select(User.id).where(User.role == self.role)))
        if self.source:
            conditions.append(model.source == self.source)
        if self.campaign_id:
            conditions.append(model.campaign_id == self.campaign_id)
        return conditions

    def days(self) -> list[ColumnElement[bool]]:
        """whose() and created in the period, on the leads counted per day (webapp.reports.lead_days)."""
        return [LeadDay.day >= self.start, LeadDay.day <= self.end, *self.whose(LeadDay)]

    def created(self) -> list[ColumnElement[bool]]:
        """whose() and created in the period (figures about the period's leads)."""
        return [Lead.created_at >= self.start_at, Lead.created_at < self.end_before, *self.whose()]

    def lead_args(self, period: bool = True) -> dict:
        """The same selection as lead list arguments, for links to the leads behind a figure."""
        args = {"stage": "all", "owner": self.owner_id, "role": self.role or None, "source": self.source or None,
                "campaign": self.campaign_id}
        if period:
            args |= {"created_from": self.start.isoformat(), "created_to": self.end.isoformat()}
        return {key: value for key, value in args.items() if value}

    def form_args(self) -> dict:
        """The report's own query string (CSV downloads keep the filters)."""
        args = {"from": self.start.isoformat(), "to": self.end.isoformat(), "owner": self.owner_id,
                "role": self.role or None, "source": self.source or None, "campaign": self.campaign_id}
        return {key: value for key, value in args.items() if value}


def _date(raw: str, label: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(_("%(field)s: “%(value)s” is not a date (YYYY-MM-DD); it was left out.", field=label,
                        value=raw[:40]))
        return None


def _whole(raw: str, label: str, errors: list[str]) -> int | None:
    if not raw:
        return None
    if raw.isdigit() and len(raw) < 10:
        return int(raw)
    errors.append(_("%(field)s: “%(value)s” is not one of the choices; it was left out.", field=label,
                    value=raw[:40]))
    return None


ARGS = ("from", "to", "owner", "role", "source", "campaign")  # the query arguments the filters read


def parse(args: Mapping[str, str], today: date) -> ReportFilters:
    """Filters from strings; an unknown owner, campaign, role or source, a malformed date or an
    inverted period becomes a message and the default, never an error page."""
    errors: list[str] = []
    raw = {key: str(args.get(key, "") or "").replace("\x00", "").strip() for key in ARGS}
    end = _date(raw["to"], _("To"), errors) or today
    start = _date(raw["from"], _("From"), errors) or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        errors.append(_("The period ends before it starts; it was swapped."))
        start, end = end, start
    owner_id = _whole(raw["owner"], _("Owner"), errors)
    if owner_id is not None and db.session.scalar(
            select(User.id).where(User.id == owner_id, User.role != Role.PARTNER)) is None:
        errors.append(_("There is no such owner; all owners are shown."))
        owner_id = None
    campaign_id = _whole(raw["campaign"], _("Campaign"), errors)
    if campaign_id is not None and db.session.get(Campaign, campaign_id) is None:
        errors.append(_("There is no such campaign; all campaigns are shown."))
        campaign_id = None
    role, source = raw["role"], raw["source"]
    if role and role not in ROLES:
        errors.append(_("There is no such role; all roles are shown."))
        role = ""
    if source and source not in set(Source):
        errors.append(_("There is no such source; all sources are shown."))
        source = ""
    return ReportFilters(start, end, owner_id, role, source, campaign_id, tuple(errors))

