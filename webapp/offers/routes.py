"""Offer list, a new offer on a lead, the offer page, and editing a draft's header and lines."""

from datetime import datetime, timezone

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.paging import page_number
from webapp.extensions import db
from webapp.htmx import is_partial, render
from webapp.leads.services import get_lead_for
from webapp.locking import EditConflict
from webapp.models import Offer, OfferStatus
from webapp.offers import bp, catalogue, presenter, services
from webapp.offers.errors import OfferError
from webapp.offers.forms import LineEditForm, LineRemoveForm, OfferEditForm, OfferForm


def _now() -> datetime:
    return datetime.now(timezone.utc)


def back_to(offer: Offer):
    return redirect(url_for("offers.detail", offer_id=offer.id))


def offer_to_write(offer_id: int) -> Offer:
    offer = services.get_offer_for(current_user, offer_id)  # first: 404 before 403
    services.require_writer(current_user)
    return offer


def offer_page(offer: Offer, status: int = 200, **forms):
    return render_template("offers/detail.html", **presenter.detail(offer, current_user, _now(), **forms)), status


def _lines_target(offer: Offer) -> str:
    return f"offer-{offer.id}-lines"


@bp.get("/")
def index():
    params = services.list_params()
    page = services.list_offers(current_user, params["status"], params["q"], page_number(),
                                current_app.config["PAGE_SIZE"])
    return render("offers/index.html", "offers/_results.html", target="offer-results", page=page,
                  chosen=params["status"], q=params["q"], statuses=list(OfferStatus))


@bp.route("/new/<int:lead_id>", methods=["GET", "POST"])
def create(lead_id: int):
    lead = get_lead_for(current_user, lead_id)
    services.require_writer(current_user)
    today = _now().date()
    form = OfferForm(data={"valid_until": services.default_valid_until(today),
                           "terms": services.offer_settings()["terms"]})
    if form.validate_on_submit():
        try:
            offer = services.create_offer(lead, current_user, form.valid_until.data, form.terms.data,
                                          form.customer_note.data)
        except OfferError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("leads.detail", lead_id=lead.id))
        flash(_("Offer %(number)s created as a draft; add its lines.", number=offer.number), "success")
        return back_to(offer)
    return render_template("offers/new.html", form=form, lead=lead), 422 if form.errors else 200


@bp.get("/<int:offer_id>")
def detail(offer_id: int):
    return offer_page(services.get_offer_for(current_user, offer_id))


@bp.post("/<int:offer_id>")
def update(offer_id: int):
    offer = offer_to_write(offer_id)
    form = OfferEditForm()
    if not form.validate_on_submit():
        return offer_page(offer, 422, header_form=form)
    try:
        services.update_header(offer, form.data, current_user, form.version.data)
    except EditConflict as conflict:
        return offer_page(offer, form.report_conflict(conflict), header_form=form)
    except OfferError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Offer saved."), "success")
    return back_to(offer)


def _lines_response(offer: Offer, form, status: int = 200, error: str | None = None):
    """htmx gets the lines partial (also with errors, 422/409); a plain form the page or a redirect."""
    if is_partial(_lines_target(offer)):
        context = presenter.lines_context(offer, current_user, None if status == 200 else form, error)
        return render("offers/detail.html", "offers/_lines.html", status=status, oob_version=True, **context)
    return offer_page(offer, status, line_form_=form, lines_error=error) if status != 200 else back_to(offer)


@bp.post("/<int:offer_id>/lines")
def add_line(offer_id: int):
    offer = offer_to_write(offer_id)
    form = presenter.line_form()
    if not form.validate_on_submit():
        return _lines_response(offer, form, 422)
    try:
        services.add_line(offer, form.data, catalogue.get_active_product(form.product_id.data))
    except OfferError as exc:
        db.session.rollback()
        form.form_errors.append(str(exc))
        return _lines_response(offer, form, 422)
    return _lines_response(offer, form)


@bp.route("/<int:offer_id>/lines/<int:line_id>", methods=["GET", "POST"])
def edit_line(offer_id: int, line_id: int):
    offer = offer_to_write(offer_id)
    line = services.get_line(offer, line_id)
    form = presenter.line_form(LineEditForm, data={**{n: getattr(line, n) for n in services.LINE_FIELDS},
                                                   "product_id": line.product_id or 0, "version": line.version})
    status = 422
    if form.validate_on_submit():
        try:
            services.update_line(line, form.data, catalogue.get_active_product(form.product_id.data),
                                 current_user, form.version.data)
        except EditConflict as conflict:
            status = form.report_conflict(conflict)
        except OfferError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(_("Line %(position)s saved.", position=line.position), "success")
            return back_to(offer)
    status = status if form.errors else 200
    return render_template("offers/line_form.html", offer=offer, line=line, form=form), status


@bp.post("/<int:offer_id>/lines/<int:line_id>/remove")
def remove_line(offer_id: int, line_id: int):
    offer = offer_to_write(offer_id)
    line, form = services.get_line(offer, line_id), LineRemoveForm()
    if not form.validate_on_submit():
        return _lines_response(offer, None, 422, " ".join(form.version.errors) or _("Reload the page and try again."))
    try:
        services.remove_line(line, current_user, form.version.data)
    except EditConflict as conflict:
        return _lines_response(offer, None, 409, _("%(conflict)s Check it before removing it.", conflict=conflict))
    except OfferError as exc:
        flash(str(exc), "error")
    return _lines_response(offer, None)
