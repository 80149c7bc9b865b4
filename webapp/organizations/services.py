"""Organizations: search, visibility, changes."""

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from webapp.extensions import db
from webapp.locking import editing
from webapp.models import Contact, Organization, User
from webapp.custom_fields.filters import filter_clause, raw_filters
from webapp.request_args import text_arg
from webapp.search import matches_all_words, order_by
from webapp.visibility import visible_contact, visible_organization

FIELDS = ("name", "industry", "employees", "website", "phone", "street", "postal_code", "city",
          "country", "territory", "custom")
SORTS = {
    "name": (Organization.name,),
    "industry": (Organization.industry, Organization.name),
    "city": (Organization.city, Organization.name),
    "employees": (Organization.employees, Organization.name),
}


def visible_organizations(user: User) -> Select:
    return select(Organization).where(visible_organization(user))


def list_params() -> dict:
    """The list's search, filters and order from the query string: the list page and its export
    read them here."""
    return {"q": text_arg("q"), "sort": text_arg("sort", "name"), "direction": text_arg("dir", "asc"),
            "custom": raw_filters("organization")}


def list_query(user: User, q: str = "", sort: str = "name", direction: str = "asc",
               custom: dict | None = None) -> Select:
    """Every organization of the list in its order; `custom` filters on custom fields."""
    return (
        visible_organizations(user)
        .where(matches_all_words(q, Organization.name, Organization.city, Organization.industry),
               filter_clause(Organization, "organization", custom))
        .order_by(*order_by(SORTS, sort, direction, "name", Organization.id))
    )


def search_organizations(user: User, q: str = "", sort: str = "name", direction: str = "asc",
                         custom: dict | None = None, page: int = 1, per_page: int = 25):
    return db.paginate(list_query(user, q, sort, direction, custom), page=page, per_page=per_page,
                       error_out=False)


def get_organization_for(user: User, organization_id: int) -> Organization:
    return db.first_or_404(visible_organizations(user).where(Organization.id == organization_id),
                           description=_("No such organization, or it is not shared with you."))


def contacts_of(organization: Organization, user: User) -> list[Contact]:
    query = select(Contact).where(Contact.organization_id == organization.id, visible_contact(user))
    return list(db.session.scalars(query.order_by(Contact.last_name, Contact.first_name)))


def save_organization(organization: Organization | None, data: dict, by: User | None = None,
                      version: int | None = None) -> Organization:
    """Create (organization=None) or update; an update needs the version the form was opened on
    and raises EditConflict if someone saved since."""
    if organization is None:
        organization = Organization(updated_by_id=by.id if by else None)
        db.session.add(organization)
        _set_fields(organization, data)
        db.session.commit()
        return organization
    with editing(organization, version, by):
        _set_fields(organization, data)
    return organization


def _set_fields(organization: Organization, data: dict) -> None:
    for name in FIELDS:
        if name == "custom":  # custom-field values only from a caller that has them
            organization.custom = data["custom"] if "custom" in data else (organization.custom or {})
            continue
        setattr(organization, name, data.get(name))


def name_taken(name: str, exclude_id: int | None = None) -> bool:
    query = select(Organization.id).where(func.lower(Organization.name) == name.strip().lower())
    if exclude_id:
        query = query.where(Organization.id != exclude_id)
    return db.session.scalar(query) is not None
