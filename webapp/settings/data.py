"""Data settings: the region phone numbers without a country code are read in, and the largest
import file. A new region reads every stored phone number anew, so duplicates keep being found."""

import phonenumbers
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import IntegerField, StringField, ValidationError
from wtforms.validators import DataRequired, NumberRange

from webapp.duplicates.stamping import restamp_all
from webapp.forms_base import BaseForm
from webapp.forms_common import strip
from webapp.locking import EditConflict, VersionedForm
from webapp.security import roles_required
from webapp.settings import bp, services

DATA_KEYS = ("data",)


class DataForm(VersionedForm, BaseForm):
    phone_region = StringField(_l("Country for phone numbers without a country code"), filters=[strip],
                               validators=[DataRequired()])
    import_max_mb = IntegerField(_l("Largest import file (MB)"), validators=[DataRequired(), NumberRange(min=1, max=500)])

    def validate_phone_region(self, field) -> None:
        field.data = (field.data or "").upper()
        if field.data not in phonenumbers.SUPPORTED_REGIONS:
            raise ValidationError(_("Enter a two-letter country code such as DE, AT or CH."))


def save_data_settings(values: dict, user_id: int, version: int | None) -> str:
    """Save the page; restamp every phone key when the region changed. Returns what happened."""
    before = services.get_settings()["data"]
    services.save_page(DATA_KEYS, {"data": values}, user_id, version)
    if values["phone_region"] == before.get("phone_region"):
        return _("Data settings saved.")
    count = restamp_all(values["phone_region"])
    return _("Data settings saved. %(count)s phone numbers were read anew for the new country.", count=count)


@bp.route("/data", methods=["GET", "POST"])
@roles_required()  # admins only
def data():
    stored = services.get_settings()["data"]
    form = DataForm() if request.method == "POST" else DataForm(
        formdata=None, data={**stored, "version": services.page_version(DATA_KEYS)})
    status = 422
    if form.validate_on_submit():
        try:
            said = save_data_settings({"phone_region": form.phone_region.data,
                                       "import_max_mb": form.import_max_mb.data}, current_user.id, form.version.data)
        except EditConflict as conflict:
            status = form.report_conflict(conflict)
        else:
            flash(said, "success")
            return redirect(url_for("settings.data"))
    return render_template("settings/data.html", form=form), status if form.errors else 200
