"""Organizations: search, visibility, changes."""

from flask import abort
from sqlalchemy import Select, exists, func, select

from webapp.extensions import db
from webapp.models import Contact, Lead, Organization, Role, User
from webapp.search import matches_all_words, order_by

FIELDS = ("name", "industry", "employees", "website", "phone", "street", "postal_code", "city",
          "country", "territory")
SORTS = {
    "name": (Organization.name,),
    "industry": (Organization.industry, Organization.name),
    "city": (Organization.city, Organization.name),
    "employees": (Organization.employees, Organization.name),
}


def visible_organizations(user: User) -> Select:
    query = select(Organization)
    if user.role == Role.PARTNER:
        shared = exists().where(Contact.organization_id == Organization.id,
                                Lead.contact_id == Contact.id, Lead.partner_id == user.id)
        query = query.where(shared)
    return query


def search_organizations(user: User, q: str = "", sort: str = "name", direction: str = "asc",
                         page: int = 1, per_page: int = 25):
    query = (
        visible_organizations(user)
        .where(matches_all_words(q, Organization.name, Organization.city, Organization.industry))
        .order_by(*order_by(SORTS, sort, direction, "name", Organization.id))
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_organization_for(user: User, organization_id: int) -> Organization:
    organization = db.session.scalar(
        visible_organizations(user).where(Organization.id == organization_id))
    if organization is None:
        abort(404, "No such organization, or it is not shared with you.")
    return organization


def contacts_of(organization: Organization, user: User) -> list[Contact]:
    from webapp.contacts.services import visible_contacts

    query = visible_contacts(user).where(Contact.organization_id == organization.id)
    return list(db.session.scalars(query.order_by(Contact.last_name, Contact.first_name)))


def save_organization(organization: Organization | None, data: dict) -> Organization:
    if organization is None:
        organization = Organization()
        db.session.add(organization)
    for name in FIELDS:
        setattr(organization, name, data.get(name))
    db.session.commit()
    return organization


def name_taken(name: str, exclude_id: int | None = None) -> bool:
    query = select(Organization.id).where(func.lower(Organization.name) == name.strip().lower())
    if exclude_id:
        query = query.where(Organization.id != exclude_id)
    return db.session.scalar(query) is not None
