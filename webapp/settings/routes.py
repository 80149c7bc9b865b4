from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.locking import EditConflict
from webapp.models import LostReason
from webapp.security import roles_required
from webapp.settings import bp, pages, rescoring, services
from webapp.settings.forms import LostReasonForm, form_data_from, settings_form_class, settings_from_form


def _reasons():
    return list(db.session.scalars(select(LostReason).order_by(LostReason.label)))


@bp.route("/", methods=["GET", "POST"])
@roles_required()  # admins only
def index():
    form_class = settings_form_class()
    if request.method == "POST":
        form = form_class()
    else:
        form = form_class(formdata=None, data={**form_data_from(services.get_settings()),
                                               "version": services.page_version(services.MAIN_KEYS)})
    status = 422
    if form.validate_on_submit():
        try:
            said = pages.save_main_settings(settings_from_form(form), current_user.id, form.version.data)
        except EditConflict as conflict:
            status = form.report_conflict(conflict)
        else:
            flash(said, "success")
            return redirect(url_for("settings.index"))
    return render_template("settings/index.html", form=form, reason_form=LostReasonForm(formdata=None),
                           reasons=_reasons(), job=rescoring.latest_job()), status if form.errors else 200


@bp.post("/lost-reasons")
@roles_required()
def add_lost_reason():
    form = LostReasonForm()
    if form.validate_on_submit():
        if services.add_lost_reason(form.label.data):
            flash(_("Reason “%(reason)s” added.", reason=form.label.data), "success")
        else:
            flash(_("“%(reason)s” is on the list already.", reason=form.label.data), "info")
    else:
        flash(_("Type the reason first."), "error")
    return redirect(url_for("settings.index") + "#lost-reasons")


@bp.post("/lost-reasons/<int:reason_id>/toggle")
@roles_required()
def toggle_lost_reason(reason_id: int):
    reason = db.get_or_404(LostReason, reason_id)
    services.set_lost_reason_active(reason, not reason.active)
    return redirect(url_for("settings.index") + "#lost-reasons")


