"""Contacts and their history: queries, search, changes. No request needed to call these."""

from datetime import datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from webapp.extensions import db
from webapp.locking import editing
from webapp.models import Activity, ActivityKind, Contact, Lead, Organization, Role, User
from webapp.models.contact import normalise_email
from webapp.consent.labels import LIST_FILTERS
from webapp.consent.services import status_clause
from webapp.custom_fields.filters import filter_clause, raw_filters
from webapp.request_args import choice_arg, text_arg
from webapp.search import matches_all_words, order_by
from webapp.visibility import on_visible_leads, sees_lead, visible_contact, visible_organization

CONTACT_FIELDS = (
    "salutation", "first_name", "last_name", "function", "organization_id", "email", "phone",
    "mobile", "street", "postal_code", "city", "country", "industry", "notes", "custom",
    "scoring_opt_out", "language",
)
SORTS = {
    "name": (Contact.last_name, Contact.first_name),
    "organization": (Organization.name, Contact.last_name),
    "email": (Contact.email,),
    "city": (Contact.city, Contact.last_name),
    "updated": (Contact.updated_at,),
}
CONTACT_KINDS = {ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.MEETING}


class DuplicateEmail(Exception):
    """Another contact has this e-mail; it is named only to someone who may see it."""

    def __init__(self, existing: Contact, user: User):
        self.existing = existing
        self.visible = db.session.scalar(visible_contacts(user).where(Contact.id == existing.id)) is not None
        super().__init__(_("%(name)s (contact %(id)s) has this e-mail already.", name=existing.full_name,
                           id=existing.id) if self.visible else _("Another contact has this e-mail already."))


def visible_contacts(user: User) -> Select:
    """Contacts this user may see: partners only those with a lead handed to them."""
    return select(Contact).outerjoin(Contact.organization).where(visible_contact(user))


def list_params() -> dict:
    """The list's search, filters and order from the query string: the list page and its export
    read them here."""
    return {"q": text_arg("q"), "sort": text_arg("sort", "name"), "direction": text_arg("dir", "asc"),
            "custom": raw_filters("contact"), "consent": choice_arg("consent", LIST_FILTERS)}


def list_query(user: User, q: str = "", sort: str = "name", direction: str = "asc",
               custom: dict | None = None, consent: str = "") -> Select:
    """Every contact of the list in its order. Every word of `q` must match name, e-mail,
    organization, function or city; `custom` filters on custom fields (see
    webapp.custom_fields.filters), `consent` on consent (see webapp.consent.services.status_clause)."""
    query = (
        visible_contacts(user)
        .options(contains_eager(Contact.organization))
        .where(matches_all_words(q, Contact.first_name, Contact.last_name, Contact.email,
                                 Contact.function, Contact.city, Organization.name),
               filter_clause(Contact, "contact", custom))
        .order_by(*order_by(SORTS, sort, direction, "name", Contact.id))
    )
    status = status_clause(consent)
    return query if status is None else query.where(status)


def search_contacts(user: User, q: str = "", sort: str = "name", direction: str = "asc",
                    custom: dict | None = None, consent: str = "", page: int = 1, per_page: int = 25):
    return db.paginate(list_query(user, q, sort, direction, custom, consent), page=page, per_page=per_page,
                       error_out=False)


def get_contact_for(user: User, contact_id: int) -> Contact:
    """The contact if this user may see it, else 404 (partners never learn what exists)."""
    query = visible_contacts(user).where(Contact.id == contact_id).options(
        selectinload(Contact.leads).joinedload(Lead.owner)
    )
    return db.first_or_404(query, description=_("No such contact, or it is not shared with you."))


def organization_choices(user: User) -> list[tuple[int, str]]:
    """The organizations a contact may be put in: only those the user may see, so a partner can
    neither read the list of every customer nor file their contact under a stranger's company."""
    query = select(Organization.id, Organization.name).where(visible_organization(user))
    names = db.session.execute(query.order_by(Organization.name))
    return [(0, _("— none —")), *[(row.id, row.name) for row in names]]


def save_contact(contact: Contact | None, data: dict, user: User, version: int | None = None) -> Contact:
    """Create (contact=None) or update a contact from validated form data.

    An update needs the version the form was opened on; EditConflict if someone saved since.
    Raises DuplicateEmail when another contact has the e-mail, also when it was saved a moment
    ago by someone else (the database's unique index has the last word)."""
    own_id = contact.id if contact is not None else None
    existing = email_in_use(data.get("email"), own_id)
    if existing is not None:
        raise DuplicateEmail(existing, user)
    try:
        if contact is None:
            contact = Contact(created_by_id=user.id, updated_by_id=user.id)
            db.session.add(contact)
            _set_fields(contact, data)
            db.session.commit()
        else:
            with editing(contact, version, user):
                _set_fields(contact, data)
    except IntegrityError:
        db.session.rollback()
        existing = email_in_use(data.get("email"), own_id)
        if existing is None:
            raise
        raise DuplicateEmail(existing, user) from None
    return contact


def _set_fields(contact: Contact, data: dict) -> None:
    for name in CONTACT_FIELDS:
        if name in data:
            setattr(contact, name, data[name])
    contact.organization_id = data.get("organization_id") or None
    contact.salutation = data.get("salutation") or None


def email_in_use(email: str | None, exclude_id: int | None = None, user: User | None = None) -> Contact | None:
    """Another contact with this e-mail; with `user`, only among those they may see. A partner is
    told nothing about contacts beyond their own leads: not their names, nor that the address is known."""
    email = normalise_email(email)
    if not email:
        return None
    query = (select(Contact) if user is None else visible_contacts(user)).where(Contact.email == email)
    if exclude_id:
        query = query.where(Contact.id != exclude_id)
    return db.session.scalars(query.limit(1)).first()


def activity_targets(contact: Contact, user: User) -> list[tuple[int, str]]:
    """Where the user may file an activity: one of the contact's leads they see, or (0) the whole
    contact. Not a partner: what is filed on the whole contact is beyond the leads handed to them."""
    targets = [(lead.id, lead.title) for lead in leads_of(contact, user)]
    return targets if user.role == Role.PARTNER else [(0, _("— whole contact —")), *targets]


def leads_of(contact: Contact, user: User) -> list[Lead]:
    """The contact's projects this user may see (a partner only those handed to them)."""
    return [lead for lead in contact.leads if sees_lead(user, lead)]


def timeline(contact: Contact, user: User) -> list[Activity]:
    """The complete contact history, newest first; partners see their projects' part of it."""
    query = select(Activity).where(Activity.contact_id == contact.id, on_visible_leads(user, Activity.lead_id))
    query = (
        query
        .options(joinedload(Activity.user), joinedload(Activity.lead), joinedload(Activity.material))
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
    )
    return list(db.session.scalars(query))


def log_activity(contact: Contact, user: User, kind: str, body: str, *, subject: str | None = None,
                 lead: Lead | None = None, occurred_at: datetime | None = None) -> Activity:
    """Record a call, e-mail, meeting or note; real contact keeps the lead warm."""
    if lead is not None and lead.contact_id != contact.id:
        raise ValueError(_("That project belongs to another contact."))
    when = occurred_at or datetime.now(timezone.utc)
    if when.tzinfo is None:  # a datetime-local field: the user's wall clock on this server
        when = when.astimezone(timezone.utc)
    activity = Activity(contact_id=contact.id, lead_id=lead.id if lead else None, kind=kind,
                        subject=subject, body=body, occurred_at=when, user_id=user.id)
    db.session.add(activity)
    if lead is not None:
        from webapp.leads.qualification import note_action  # leads' package imports contacts

        note_action(lead, user)  # the owner acted: their hand-off window is met
        if kind in CONTACT_KINDS and (lead.last_contact_at is None or _aware(lead.last_contact_at) < when):
            lead.last_contact_at = when
    db.session.commit()
    return activity


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
