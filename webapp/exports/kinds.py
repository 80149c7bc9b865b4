"""What each list exports: its query (the list service's own, so filters, order and visibility are
the list's) and its columns with headers in the reader's language."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select

from webapp.campaigns import services as campaigns
from webapp.consent.labels import CONSENT
from webapp.contacts import services as contacts
from webapp.extensions import db
from webapp.invoices import services as invoices
from webapp.labels import member_status, source_label, stage_label
from webapp.leads import services as leads
from webapp.models import Campaign, User
from webapp.models.campaign import MEMBER_STATUSES
from webapp.offers import services as offers
from webapp.offers.labels import invoice_status, offer_status
from webapp.organizations import services as organizations
from webapp.request_args import choice_arg, int_arg


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy string: read in the language of whoever exports
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Kind:
    name: str
    list_endpoint: str
    params: Callable[[], dict]  # the list's filters and order from the query string
    everything: Callable[[], dict]  # the filters that show every row (the command line)
    query: Callable[[User, dict, datetime], Select]
    columns: Callable[[], list[Column]]
    entities: bool = True  # the query yields model objects (else plain rows)
    roles: tuple[str, ...] = ()  # roles the list itself requires (admins always pass)
    guard: Callable[[User, dict], None] | None = None  # aborts where the list's own page would (404)


def _words(label: Callable[[str | None], str]) -> Callable[[str | None], str]:
    """A label function remembered for one export: 100,000 rows name a handful of stages."""
    return lru_cache(maxsize=64)(label)


def _organization_name(contact) -> str | None:
    return contact.organization.name if contact.organization else None


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100, 1)


def _lead_columns() -> list[Column]:
    stage, source = _words(stage_label), _words(source_label)
    return [
        Column(_l("ID"), attrgetter("id")),
        Column(_l("Project"), attrgetter("title")),
        Column(_l("Contact"), attrgetter("contact_name")),
        Column(_l("Organization"), attrgetter("organization_name")),
        Column(_l("Stage"), lambda r: stage(r.stage)),
        Column(_l("Close probability (%)"), lambda r: _percent(r.probability)),
        Column(_l("Class"), attrgetter("abc_class")),
        Column(_l("Owner"), attrgetter("owner_name")),
        Column(_l("Source"), lambda r: source(r.source) if r.source else None),
        Column(_l("Expected value"), attrgetter("expected_value")),
        Column(_l("Due"), attrgetter("due_at")),
        Column(_l("Last contact"), attrgetter("last_contact_at")),
        Column(_l("Follow-up on"), attrgetter("follow_up_on")),
        Column(_l("Next step"), attrgetter("next_step")),
        Column(_l("Created"), attrgetter("created_at")),
    ]


def _contact_columns() -> list[Column]:
    return [
        Column(_l("ID"), attrgetter("id")),
        Column(_l("Salutation"), attrgetter("salutation")),
        Column(_l("First name"), attrgetter("first_name")),
        Column(_l("Last name"), attrgetter("last_name")),
        Column(_l("Organization"), _organization_name),
        Column(_l("Function"), attrgetter("function")),
        Column(_l("E-mail"), attrgetter("email")),
        Column(_l("Phone"), attrgetter("phone")),
        Column(_l("Mobile"), attrgetter("mobile")),
        Column(_l("Street"), attrgetter("street")),
        Column(_l("Postal code"), attrgetter("postal_code")),
        Column(_l("City"), attrgetter("city")),
        Column(_l("Country"), attrgetter("country")),
        Column(_l("Industry"), attrgetter("industry")),
        Column(_l("Created"), attrgetter("created_at")),
    ]


def _organization_columns() -> list[Column]:
    return [
        Column(_l("ID"), attrgetter("id")),
        Column(_l("Name"), attrgetter("name")),
        Column(_l("Industry"), attrgetter("industry")),
        Column(_l("Employees"), attrgetter("employees")),
        Column(_l("Website"), attrgetter("website")),
        Column(_l("Phone"), attrgetter("phone")),
        Column(_l("Street"), attrgetter("street")),
        Column(_l("Postal code"), attrgetter("postal_code")),
        Column(_l("City"), attrgetter("city")),
        Column(_l("Country"), attrgetter("country")),
        Column(_l("Territory"), attrgetter("territory")),
    ]


def _offer_columns() -> list[Column]:
    status = _words(offer_status)
    return [
        Column(_l("Number"), attrgetter("number")),
        Column(_l("Revision"), attrgetter("revision")),
        Column(_l("Project"), attrgetter("lead.title")),
        Column(_l("Contact"), attrgetter("lead.contact.full_name")),
        Column(_l("Organization"), lambda o: _organization_name(o.lead.contact)),
        Column(_l("Status"), lambda o: status(o.status)),
        Column(_l("Valid until"), attrgetter("valid_until")),
        Column(_l("Net"), attrgetter("total_net")),
        Column(_l("Tax"), attrgetter("total_tax")),
        Column(_l("Gross"), attrgetter("total_gross")),
        Column(_l("Sent"), attrgetter("sent_at")),
        Column(_l("Created"), attrgetter("created_at")),
    ]


def _invoice_columns() -> list[Column]:
    status = _words(invoice_status)
    return [
        Column(_l("Number"), attrgetter("number")),
        Column(_l("Project"), attrgetter("lead.title")),
        Column(_l("Contact"), attrgetter("lead.contact.full_name")),
        Column(_l("Organization"), lambda i: _organization_name(i.lead.contact)),
        Column(_l("Status"), lambda i: status(i.status)),
        Column(_l("Issued on"), attrgetter("issued_on")),
        Column(_l("Due on"), attrgetter("due_on")),
        Column(_l("Net"), attrgetter("total_net")),
        Column(_l("Tax"), attrgetter("total_tax")),
        Column(_l("Gross"), attrgetter("total_gross")),
        Column(_l("Paid"), attrgetter("amount_paid")),
        Column(_l("Outstanding"), lambda i: invoices.outstanding(i)),
    ]


def _member_columns() -> list[Column]:
    status, stage, consent = _words(member_status), _words(stage_label), _words(lambda code: str(CONSENT[code]))
    return [
        Column(_l("Contact ID"), attrgetter("contact_id")),
        Column(_l("Salutation"), attrgetter("salutation")),
        Column(_l("First name"), attrgetter("first_name")),
        Column(_l("Last name"), attrgetter("last_name")),
        Column(_l("Organization"), attrgetter("organization_name")),
        Column(_l("E-mail"), attrgetter("email")),
        Column(_l("Phone"), attrgetter("phone")),
        Column(_l("Mobile"), attrgetter("mobile")),
        Column(_l("Member status"), lambda r: status(r.status)),
        Column(_l("Added"), attrgetter("added_at")),
        Column(_l("Lead ID"), attrgetter("lead_id")),
        Column(_l("Lead"), attrgetter("lead_title")),
        Column(_l("Lead stage"), lambda r: stage(r.lead_stage) if r.lead_stage else None),
        Column(_l("Marketing consent"), lambda r: consent(r.marketing_consent or "unknown")),
        Column(_l("Do not contact"), lambda r: consent("yes" if r.do_not_contact else "no")),
    ]


def _member_params() -> dict:
    """The campaign (?campaign=ID) and the members list's status filter."""
    return {"campaign_id": int_arg("campaign"), "status": choice_arg("status", MEMBER_STATUSES)}


def _campaign_page(user: User, params: dict) -> None:
    """As the campaign page: partners learn of no campaign, an unknown one is not found."""
    campaigns.refuse_partners(user)
    if params.get("campaign_id") is None or db.session.get(Campaign, params["campaign_id"]) is None:
        abort(404)


KINDS = {kind.name: kind for kind in (
    Kind("leads", "leads.index", leads.list_params,
         lambda: {"filters": leads.LeadFilters(stage="all"), "sort": "created", "direction": "asc"},
         lambda user, p, now: leads.list_query(user, now=now, **p), _lead_columns, entities=False),
    Kind("contacts", "contacts.index", contacts.list_params, dict,
         lambda user, p, now: contacts.list_query(user, **p), _contact_columns),
    Kind("organizations", "organizations.index", organizations.list_params, dict,
         lambda user, p, now: organizations.list_query(user, **p), _organization_columns),
    Kind("offers", "offers.index", offers.list_params, dict,
         lambda user, p, now: offers.list_query(user, **p), _offer_columns),
    Kind("invoices", "invoices.index", invoices.list_params, lambda: {"show": "all"},
         lambda user, p, now: invoices.list_query(user, today=now.date(), **p), _invoice_columns,
         roles=("accounting",)),
    Kind("campaign-members", "campaigns.detail", _member_params, dict,
         lambda user, p, now: campaigns.members_export_query(p["campaign_id"], p.get("status", "")),
         _member_columns, entities=False, guard=_campaign_page),
)}
