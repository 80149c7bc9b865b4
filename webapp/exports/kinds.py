"""What each list exports: its query (the list service's own, so filters, order and visibility are
the list's) and its columns with headers in the reader's language."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select

from webapp.contacts import services as contacts
from webapp.invoices import services as invoices
from webapp.labels import source_label, stage_label
from webapp.leads import services as leads
from webapp.models import User
from webapp.offers import services as offers
from webapp.offers.labels import invoice_status, offer_status
from webapp.organizations import services as organizations


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
        Column(_l("ID"), lambda r: r.id),
        Column(_l("Project"), lambda r: r.title),
        Column(_l("Contact"), lambda r: r.contact_name),
        Column(_l("Organization"), lambda r: r.organization_name),
        Column(_l("Stage"), lambda r: stage(r.stage)),
        Column(_l("Close probability (%)"), lambda r: _percent(r.probability)),
        Column(_l("Class"), lambda r: r.abc_class),
        Column(_l("Owner"), lambda r: r.owner_name),
        Column(_l("Source"), lambda r: source(r.source) if r.source else None),
        Column(_l("Expected value"), lambda r: r.expected_value),
        Column(_l("Due"), lambda r: r.due_at),
        Column(_l("Last contact"), lambda r: r.last_contact_at),
        Column(_l("Follow-up on"), lambda r: r.follow_up_on),
        Column(_l("Next step"), lambda r: r.next_step),
        Column(_l("Created"), lambda r: r.created_at),
    ]


def _contact_columns() -> list[Column]:
    return [
        Column(_l("ID"), lambda c: c.id),
        Column(_l("Salutation"), lambda c: c.salutation),
        Column(_l("First name"), lambda c: c.first_name),
        Column(_l("Last name"), lambda c: c.last_name),
        Column(_l("Organization"), _organization_name),
        Column(_l("Function"), lambda c: c.function),
        Column(_l("E-mail"), lambda c: c.email),
        Column(_l("Phone"), lambda c: c.phone),
        Column(_l("Mobile"), lambda c: c.mobile),
        Column(_l("Street"), lambda c: c.street),
        Column(_l("Postal code"), lambda c: c.postal_code),
        Column(_l("City"), lambda c: c.city),
        Column(_l("Country"), lambda c: c.country),
        Column(_l("Industry"), lambda c: c.industry),
        Column(_l("Created"), lambda c: c.created_at),
    ]


def _organization_columns() -> list[Column]:
    return [
        Column(_l("ID"), lambda o: o.id),
        Column(_l("Name"), lambda o: o.name),
        Column(_l("Industry"), lambda o: o.industry),
        Column(_l("Employees"), lambda o: o.employees),
        Column(_l("Website"), lambda o: o.website),
        Column(_l("Phone"), lambda o: o.phone),
        Column(_l("Street"), lambda o: o.street),
        Column(_l("Postal code"), lambda o: o.postal_code),
        Column(_l("City"), lambda o: o.city),
        Column(_l("Country"), lambda o: o.country),
        Column(_l("Territory"), lambda o: o.territory),
    ]


def _offer_columns() -> list[Column]:
    status = _words(offer_status)
    return [
        Column(_l("Number"), lambda o: o.number),
        Column(_l("Revision"), lambda o: o.revision),
        Column(_l("Project"), lambda o: o.lead.title),
        Column(_l("Contact"), lambda o: o.lead.contact.full_name),
        Column(_l("Organization"), lambda o: _organization_name(o.lead.contact)),
        Column(_l("Status"), lambda o: status(o.status)),
        Column(_l("Valid until"), lambda o: o.valid_until),
        Column(_l("Net"), lambda o: o.total_net),
        Column(_l("Tax"), lambda o: o.total_tax),
        Column(_l("Gross"), lambda o: o.total_gross),
        Column(_l("Sent"), lambda o: o.sent_at),
        Column(_l("Created"), lambda o: o.created_at),
    ]


def _invoice_columns() -> list[Column]:
    status = _words(invoice_status)
    return [
        Column(_l("Number"), lambda i: i.number),
        Column(_l("Project"), lambda i: i.lead.title),
        Column(_l("Contact"), lambda i: i.lead.contact.full_name),
        Column(_l("Organization"), lambda i: _organization_name(i.lead.contact)),
        Column(_l("Status"), lambda i: status(i.status)),
        Column(_l("Issued on"), lambda i: i.issued_on),
        Column(_l("Due on"), lambda i: i.due_on),
        Column(_l("Net"), lambda i: i.total_net),
        Column(_l("Tax"), lambda i: i.total_tax),
        Column(_l("Gross"), lambda i: i.total_gross),
        Column(_l("Paid"), lambda i: i.amount_paid),
        Column(_l("Outstanding"), lambda i: invoices.outstanding(i)),
    ]


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
)}
