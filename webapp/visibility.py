"""Who sees which rows: a partner sees only the leads handed to them and what belongs to those
leads (offers, invoices, history); everyone else sees everything."""

from sqlalchemy import ColumnElement, select, true

from webapp.models import Lead, Role, User


def handed_to(user: User) -> ColumnElement[bool] | None:
    """The condition on leads for a partner; None for users who see every lead."""
    return Lead.partner_id == user.id if user.role == Role.PARTNER else None


def on_visible_leads(user: User, lead_id_column) -> ColumnElement[bool]:
    """Rows of a lead (offers, invoices, activities) the user may see. Users who see every lead get
    no condition at all: an IN over every lead's id would cost a scan on each query."""
    scope = handed_to(user)
    return true() if scope is None else lead_id_column.in_(select(Lead.id).where(scope))
