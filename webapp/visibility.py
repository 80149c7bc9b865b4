"""Who sees which rows: a partner sees only the leads handed to them and what belongs to those
leads (their contacts and organizations, offers, invoices, history, materials sent); everyone
else sees everything. Every query that can name a record goes through one of these conditions,
lists and look-ups as much as drop-downs and validation helpers."""

from sqlalchemy import ColumnElement, exists, select, true

from webapp.models import Contact, Lead, Organization, Role, User


def handed_to(user: User) -> ColumnElement[bool] | None:
    """The condition on leads for a partner; None for users who see every lead."""
    return Lead.partner_id == user.id if user.role == Role.PARTNER else None


def on_visible_leads(user: User, lead_id_column) -> ColumnElement[bool]:
    """Rows of a lead (offers, invoices, activities) the user may see. Users who see every lead get
    no condition at all: an IN over every lead's id would cost a scan on each query."""
    scope = handed_to(user)
    return true() if scope is None else lead_id_column.in_(select(Lead.id).where(scope))


def visible_contact(user: User) -> ColumnElement[bool]:
    """Contacts the user may see: for a partner, those with a lead handed to them."""
    scope = handed_to(user)
    return true() if scope is None else exists().where(Lead.contact_id == Contact.id, scope)


def visible_organization(user: User) -> ColumnElement[bool]:
    """Organizations the user may see: for a partner, those of contacts with a lead handed to them."""
    scope = handed_to(user)
    if scope is None:
        return true()
    return exists().where(Contact.organization_id == Organization.id, Lead.contact_id == Contact.id, scope)


def sees_lead(user: User, lead: Lead) -> bool:
    """The same rule for a lead already loaded."""
    return user.role != Role.PARTNER or lead.partner_id == user.id
