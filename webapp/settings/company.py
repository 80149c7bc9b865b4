"""Company design (printed on offers) and the defaults for offers and invoices: admins only."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import IntegerField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, NumberRange, Regexp

from webapp.forms_base import BaseForm
from webapp.forms_common import strip
from webapp.language_field import LanguageField
from webapp.locales import known_timezone
from webapp.locking import EditConflict, VersionedForm
from webapp.scheduler import reschedule
from webapp.security import roles_required
from webapp.settings import bp, services
from webapp.settings.locale import company_language

COMPANY_FIELDS = ("name", "logo_text", "colour", "address", "contact", "bank", "tax_id", "language", "timezone")
OFFER_FIELDS = ("validity_days", "follow_up_days", "unanswered_days", "invoice_due_days", "terms")


class CompanyForm(VersionedForm, BaseForm):
    name = StringField(_l("Company name"), filters=[strip], validators=[DataRequired(), Length(max=120)])
    logo_text = StringField(_l("Logo text (up to 4 letters)"), filters=[strip], validators=[Length(max=4)])
    colour = StringField(_l("Colour"), filters=[strip], validators=[
        DataRequired(), Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("A colour like #1f4e79."))])
    address = TextAreaField(_l("Address"), filters=[strip], validators=[Length(max=400)])
    contact = StringField(_l("Phone and e-mail line"), filters=[strip], validators=[Length(max=200)])
    bank = TextAreaField(_l("Bank details"), filters=[strip], validators=[Length(max=400)])
    tax_id = StringField(_l("Tax / VAT ID"), filters=[strip], validators=[Length(max=80)])
    validity_days = IntegerField(_l("Offers valid for (days)"), validators=[NumberRange(min=1, max=365)])
    follow_up_days = IntegerField(_l("Propose a follow-up after sending (days)"),
                                  validators=[NumberRange(min=1, max=90)])
    unanswered_days = IntegerField(_l("Unanswered offers show in the queue after (days)"),
                                   validators=[NumberRange(min=1, max=180)])
    invoice_due_days = IntegerField(_l("Invoices due after (days)"), validators=[NumberRange(min=0, max=180)])
    terms = TextAreaField(_l("Default terms"), filters=[strip], validators=[Length(max=4000)])
    language = LanguageField(_l("Language for new contacts and for users whose browser asks for none we have"),
                             fallback=company_language)
    timezone = StringField(_l("Time zone of the dates and times shown"), filters=[strip],
                           validators=[DataRequired(), Length(max=64)])

    def validate_timezone(self, field) -> None:
        if not known_timezone(field.data):
            raise ValidationError(_("Not a time zone we know; write it like Europe/Berlin or Europe/Vienna."))


@bp.route("/company", methods=["GET", "POST"])
@roles_required()  # admins only
def company():
    stored = services.get_settings()
    form = CompanyForm() if request.method == "POST" else CompanyForm(
        formdata=None, data={**stored["company"], **stored["offers"],
                             "version": services.page_version(services.COMPANY_KEYS)})
    status = 422
    if form.validate_on_submit():
        try:
            services.save_page(services.COMPANY_KEYS, {"company": {k: form[k].data for k in COMPANY_FIELDS},
                                                       "offers": {k: form[k].data for k in OFFER_FIELDS}},
                               current_user.id, form.version.data)
        except EditConflict as conflict:
            status = form.report_conflict(conflict)
        else:
            if form.timezone.data != stored["company"].get("timezone"):
                reschedule(current_app._get_current_object(), "weekly-report")  # sent in the company's time
            flash(_("Company design and offer defaults saved."), "success")
            return redirect(url_for("settings.company"))
    return render_template("settings/company.html", form=form), status if form.errors else 200
