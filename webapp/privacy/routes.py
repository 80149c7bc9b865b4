import tempfile
from datetime import date

from flask import flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.paging import page_number, page_size
from webapp.privacy import bp, services
from webapp.privacy.erase import placeholders
from webapp.privacy.export import file_name
from webapp.privacy.forms import EraseForm

# Zips up to this size stay in memory; a larger one goes to a temporary file.
IN_MEMORY_BYTES = 8 * 1024 * 1024


@bp.before_request
def admins_only():
    services.require_admin(current_user)


@bp.post("/contacts/<int:contact_id>/export")
def export(contact_id: int):
    contact = services.get_contact(contact_id)
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)
    services.export_person(contact, out, current_user, "form")
    out.seek(0)
    return send_file(out, mimetype="application/zip", as_attachment=True,
                     download_name=file_name(contact.id, date.today()))


@bp.route("/contacts/<int:contact_id>/erase", methods=["GET", "POST"])
def erase(contact_id: int):
    contact = services.get_contact(contact_id)
    erased = services.is_erased(contact)
    form = EraseForm(contact.full_name)
    if not erased and form.validate_on_submit():
        services.erase(contact, current_user, "form")
        flash(_("The person's data was erased. Their projects' figures are kept."), "success")
        return redirect(url_for("contacts.detail", contact_id=contact.id))
    return render_template("privacy/erase.html", contact=contact, form=form, erased=erased,
                           counts=services.erase_preview(contact), placeholder=placeholders()[0]), \
        422 if form.errors else 200


@bp.get("/requests")
def requests():
    return render_template("privacy/requests.html", page=services.list_requests(page_number(), page_size()))
