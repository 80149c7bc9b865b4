"""The lead page's field history: changes of the lead, its contact and its organization, in the
words of the forms that edit them (labels and choices), with names instead of ids."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.consent.forms import ConsentForm
from webapp.contacts.forms import ContactForm
from webapp.extensions import db
from webapp.field_history import changes_for
from webapp.formats import format_decimal
from webapp.labels import humanize, stage_label
from webapp.leads.forms import AssignForm, LeadForm, NewLeadForm, PartnerForm
from webapp.models import Campaign, Lead, Organization, User
from webapp.organizations.forms import OrganizationForm

SHOWN = 200  # newest changes on the page; the rest stay in the table for the snapshots
NAMED = {"owner_id": User, "partner_id": User, "campaign_id": Campaign, "organization_id": Organization}
NO_FORM = {"stage": _l("Stage")}  # fields that change by actions, not through a form field


@dataclass(frozen=True)
class ShownChange:
    at: datetime
    who: str
    what: str
    old: str
    new: str


def lead_changes(lead: Lead) -> list[ShownChange]:
    """Newest first. Only this lead's own changes: never those of the contact's other leads."""
    changes = changes_for("lead", lead.id, limit=SHOWN)
    changes += changes_for("contact", lead.contact_id, limit=SHOWN)
    if lead.contact.organization_id:
        changes += changes_for("organization", lead.contact.organization_id, limit=SHOWN)
    changes = sorted(changes, key=lambda c: (c.changed_at, c.id), reverse=True)[:SHOWN]
    fields, names = _form_fields(), _names(changes)
    return [ShownChange(at=c.changed_at, who=names[User].get(c.changed_by_id) or _("system"),
                        what=_what(c.entity_type, _label(fields, c)),
                        old=_text(fields, names, c, c.old_value), new=_text(fields, names, c, c.new_value))
            for c in changes]


def _form_fields() -> dict:
    """(record type, column) → the form field that edits it, for its label and choices."""
    forms = {"lead": (LeadForm, NewLeadForm, AssignForm, PartnerForm), "contact": (ContactForm, ConsentForm),
             "organization": (OrganizationForm,)}
    fields = {}
    for kind, classes in forms.items():
        for form_class in classes:
            form = form_class(formdata=None, meta={"csrf": False})
            for name, field in form._fields.items():
                fields.setdefault((kind, name), field)
    return fields


def _what(entity_type: str, label: str) -> str:
    """The changed field, named with the record it belongs to when that is not the lead."""
    if entity_type == "contact":
        return _("Contact: %(field)s", field=label)
    if entity_type == "organization":
        return _("Organization: %(field)s", field=label)
    return label


def _label(fields: dict, change) -> str:
    field = fields.get((change.entity_type, change.field))
    if field:
        return str(field.label.text)
    return str(NO_FORM.get(change.field) or humanize(change.field.removesuffix("_id")))


def _names(changes) -> dict:
    """Names of the users, campaigns and organizations the changes mention, one query per kind."""
    wanted = {model: set() for model in (User, Campaign, Organization)}
    for change in changes:
        wanted[User].add(change.changed_by_id)
        model = NAMED.get(change.field)
        if model:
            wanted[model].update(v for v in (change.old_value, change.new_value) if isinstance(v, int))
    return {model: dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids - {None}))).all())
            for model, ids in wanted.items()}


def _text(fields: dict, names: dict, change, value) -> str:
    if value is None:
        return "—"
    if change.field in NAMED:
        return names[NAMED[change.field]].get(value, f"#{value}")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if change.field == "expected_value":
        return format_decimal(value, 2)
    if change.field == "stage":
        return stage_label(value)
    field = fields.get((change.entity_type, change.field))
    labels = {str(c.value): c.label for c in getattr(field, "choices", None) or []}
    return str(labels.get(str(value), value))
