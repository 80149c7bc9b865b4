from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.paging import page_number
from webapp.request_args import int_arg, text_arg
from webapp.consent.forms import ConsentForm
from webapp.consent.labels import FIELDS as CONSENT_FIELDS
from webapp.consent.labels import LIST_FILTERS as CONSENT_FILTERS
from webapp.consent.history import consent_history
from webapp.consent.services import save_consent
from webapp.contacts import bp, services
from webapp.forms_common import choices
from webapp.contacts.forms import ActivityForm, ContactEditForm, ContactForm, format_custom, parse_custom
from webapp.custom_fields.definitions import fields_for
from webapp.custom_fields.forms import PREFIX, inputs, prepare, stored_values, with_custom_fields
from webapp.custom_fields.records import other_attributes, shown_values, with_other_attributes
from webapp.duplicates.matching import contact_candidates
from webapp.htmx import is_partial, render, trigger
from webapp.locking import EditConflict
from webapp.security import roles_required

INTERNAL = ("marketing", "sales", "service", "accounting")


def _contact_form(contact=None) -> ContactForm:
    fields = fields_for("contact")
    form_class = with_custom_fields(ContactForm if contact is None else ContactEditForm, fields)
    form = form_class() if contact is None else form_class(obj=contact)
    form.organization_id.choices = choices(services.organization_choices(current_user))
    prepare(form, fields, contact.custom if contact else None, show_stored=request.method == "GET")
    form.custom_fields = inputs(form, fields)
    if contact is not None and request.method == "GET":
        form.custom_text.data = format_custom(other_attributes("contact", contact.custom))
        form.organization_id.data = contact.organization_id or 0
    return form


def _form_data(form: ContactForm, contact=None) -> dict:
    data = {k: v for k, v in form.data.items()
            if k not in ("csrf_token", "custom_text", "version", "allow_duplicate") and not k.startswith(PREFIX)}
    custom = with_other_attributes("contact", contact.custom if contact else None, parse_custom(form.custom_text.data))
    data["custom"] = stored_values(form, fields_for("contact"), custom)
    return data


def _duplicate(form: ContactForm, contact, exc):
    """The e-mail belongs to another contact: a conflict with what is stored, shown on the field."""
    form.email.errors = [*form.email.errors, str(exc)]
    return render_template("contacts/form.html", form=form, contact=contact), 409


@bp.get("/")
def index():
    params = services.list_params()
    page = services.search_contacts(current_user, **params, page=page_number(),
                                    per_page=current_app.config["PAGE_SIZE"])
    fields = fields_for("contact")
    return render("contacts/index.html", "contacts/_results.html", target="contact-results", page=page,
                  filter_fields=fields, list_fields=[f for f in fields if f.in_list], consent_filters=CONSENT_FILTERS,
                  **params)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*INTERNAL)
def create():
    form = _contact_form()
    if form.validate_on_submit():
        candidates = [] if form.allow_duplicate.data else likely_duplicates(_form_data(form))
        if candidates:  # nothing is saved yet: the same form asks to confirm, with what was typed
            return render_template("contacts/form.html", form=form, contact=None, candidates=candidates)
        try:
            contact = services.save_contact(None, _form_data(form), current_user)
        except services.DuplicateEmail as exc:
            return _duplicate(form, None, exc)
        flash(_("Contact %(name)s created.", name=contact.full_name), "success")
        return redirect(url_for("contacts.detail", contact_id=contact.id))
    return render_template("contacts/form.html", form=form, contact=None), 422 if form.errors else 200


@bp.route("/<int:contact_id>/edit", methods=["GET", "POST"])
def edit(contact_id: int):
    contact = services.get_contact_for(current_user, contact_id)
    form, status = _contact_form(contact), 422
    if form.validate_on_submit():
        try:
            services.save_contact(contact, _form_data(form, contact), current_user, form.version.data)
        except services.DuplicateEmail as exc:
            return _duplicate(form, contact, exc)
        except EditConflict as conflict:
            status = form.report_conflict(conflict)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("contacts.detail", contact_id=contact.id))
    return render_template("contacts/form.html", form=form, contact=contact), status if form.errors else 200


def likely_duplicates(values: dict) -> list:
    """Contacts this one may repeat, among those the user sees. Not by e-mail: a second contact
    with the same e-mail is refused outright (services.DuplicateEmail)."""
    return contact_candidates({**values, "email": None}, current_user)


@bp.get("/check/duplicates")
def check_duplicates():
    """While typing a new contact: the likely duplicates of what the form holds so far."""
    values = {name: text_arg(name)[:200] for name in ("first_name", "last_name", "phone", "mobile")}
    # Only visible contacts are named, whichever organization is asked about.
    values["organization_id"] = int_arg("organization_id")
    return render_template("duplicates/_warning.html", kind="contact", candidates=likely_duplicates(values))


@bp.get("/validate/email")
def validate_email():
    """Inline check while typing: warn about a second contact with the same e-mail."""
    form = ContactForm(formdata=request.args, meta={"csrf": False})
    form.email.validate(form)
    duplicate = services.email_in_use(form.email.data, int_arg("id"), user=current_user)
    return render_template("contacts/_email_field.html", form=form, duplicate=duplicate)


def _activity_form(contact, fresh: bool = False) -> ActivityForm:
    form = ActivityForm(formdata=None) if fresh else ActivityForm()
    form.lead_id.choices = choices(services.activity_targets(contact, current_user))
    return form


def _files_where_allowed(form: ActivityForm) -> list[str]:
    """A missing project counts as the whole contact, which a partner may not choose either."""
    if (form.lead_id.data or 0) not in {choice.value for choice in form.lead_id.choices}:
        form.lead_id.errors = [*form.lead_id.errors, _("Choose one of your projects with this contact.")]
    return form.lead_id.errors


def _detail(contact, form=None, consent_form=None, status: int = 200):
    consent_form = consent_form or ConsentForm(formdata=None, obj=contact)
    return render_template("contacts/detail.html", contact=contact, form=form or _activity_form(contact, True),
                           leads=services.leads_of(contact, current_user),
                           activities=services.timeline(contact, current_user),
                           custom_values=shown_values("contact", contact.custom), consent_form=consent_form,
                           consent_changes=consent_history(contact)), status


@bp.get("/<int:contact_id>")
def detail(contact_id: int):
    return _detail(services.get_contact_for(current_user, contact_id))


@bp.post("/<int:contact_id>/consent")
def update_consent(contact_id: int):
    """Marketing consent and do-not-contact, from the small form on the contact page."""
    contact = services.get_contact_for(current_user, contact_id)
    form, status = ConsentForm(), 422
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in CONSENT_FIELDS}
        try:
            save_consent(contact, data, current_user, form.version.data)
        except EditConflict as conflict:
            status = form.report_conflict(conflict)
        else:
            flash(_("Consent saved."), "success")
            return redirect(url_for("contacts.detail", contact_id=contact.id) + "#consent")
    return _detail(contact, consent_form=form, status=status)


@bp.post("/<int:contact_id>/activities")
def log_activity(contact_id: int):
    contact = services.get_contact_for(current_user, contact_id)
    form = _activity_form(contact)
    if form.validate_on_submit() and not _files_where_allowed(form):
        lead = next((lead for lead in services.leads_of(contact, current_user) if lead.id == form.lead_id.data), None)
        services.log_activity(contact, current_user, form.kind.data, form.body.data,
                              subject=form.subject.data, lead=lead, occurred_at=form.occurred_at.data)
        if not is_partial():
            flash(_("Logged."), "success")
            return redirect(url_for("contacts.detail", contact_id=contact.id))
        response = render("contacts/detail.html", "contacts/_history.html", contact=contact,
                          leads=services.leads_of(contact, current_user),
                          form=_activity_form(contact, fresh=True), activities=services.timeline(contact, current_user))
        return trigger(response, "activity-logged")
    if not is_partial():
        return _detail(contact, form=form, status=422)
    return render("contacts/detail.html", "contacts/_history.html", status=422, contact=contact,
                  leads=services.leads_of(contact, current_user),
                  form=form, activities=services.timeline(contact, current_user))
