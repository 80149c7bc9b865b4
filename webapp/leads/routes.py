"""Lead lists, the personal queue and the lead page."""

from datetime import datetime, timezone

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.paging import PAGE_SIZES, page_number, page_size
from webapp.request_args import text_arg
from webapp.contacts.services import get_contact_for
from webapp.htmx import render
from webapp.leads import bp, portfolio, presenter, qualification, services, worklists
from webapp.leads.errors import LeadError
from webapp.leads.forms import NewLeadForm
from webapp.leads.lifecycle import create_lead
from webapp.locking import EditConflict
from webapp.scoring.service import model_notice
from webapp.security import roles_required


def _now() -> datetime:
    return datetime.now(timezone.utc)


@bp.get("/")
def index():
    now, params = _now(), services.list_params()
    sort, direction = params["sort"], params["direction"]
    filters, campaigns = presenter.list_filters(current_user, params["filters"])
    per = page_size()
    page = services.list_leads(current_user, filters, sort, direction, page_number(), per, now)
    return render("leads/index.html", "leads/_results.html", target="lead-results", page=page,
                  filters=filters, sort=sort, direction=direction, per=per, page_sizes=PAGE_SIZES,
                  now=now, badges=presenter.badges_for(now), lead_path=presenter.lead_path_prefix(),
                  owners=services.owner_choices(current_user), steers=services.steers_leads(current_user),
                  campaigns=campaigns, notice=model_notice())


@bp.get("/queue")
def queue():
    now, order = _now(), text_arg("order", "probability")
    page = services.my_queue(current_user, now, page_number(),
                             current_app.config["PAGE_SIZE"], order)
    return render("leads/queue.html", "leads/_queue_rows.html", target="queue-rows", page=page, now=now,
                  badges=presenter.badges_for(now), lead_path=presenter.lead_path_prefix(),
                  breaking_off=services.breaking_off(current_user, now), order=order, orders=services.QUEUE_ORDERS,
                  follow_ups=worklists.follow_ups_due(current_user, now.date()),
                  takeovers=worklists.customers_to_take_over(current_user),
                  empty_queue=presenter.empty_queue_text(current_user), notice=model_notice())


@bp.get("/portfolio")
def portfolio_view():
    view = portfolio.portfolio(current_user)
    return render_template("leads/portfolio.html", quadrants=view.quadrants, split=view.split, points=view.points,
                           total_points=view.scored, unscored=view.unscored, max_value=view.max_value,
                           lead_path=presenter.lead_path_prefix())


@bp.get("/<int:lead_id>")
def detail(lead_id: int):
    lead = services.get_lead_for(current_user, lead_id)
    return render_template("leads/detail.html", **presenter.detail(lead, current_user, _now()))


@bp.post("/<int:lead_id>")
def update(lead_id: int):
    lead = services.get_lead_for(current_user, lead_id)
    services.require_act(current_user, lead)
    form, status = presenter.lead_form(lead, current_user, posted=True), 422
    if form.validate_on_submit():
        data = {k: v for k, v in form.data.items() if k not in ("csrf_token", "version")}
        try:
            qualification.update_lead(lead, current_user, data, form.version.data)
        except EditConflict as conflict:
            status = form.report_conflict(conflict)
        else:
            flash(_("Lead saved."), "success")
            return redirect(url_for("leads.detail", lead_id=lead.id))
    context = presenter.detail(lead, current_user, _now(), form=form)
    return render_template("leads/detail.html", **context), status


@bp.route("/new/<int:contact_id>", methods=["GET", "POST"])
@roles_required("marketing", "sales")
def create(contact_id: int):
    contact = get_contact_for(current_user, contact_id)
    form = NewLeadForm()
    form.campaign_id.choices = presenter.campaign_choices()
    if form.validate_on_submit():
        try:
            lead = create_lead(contact, current_user, form.title.data, form.source.data or None,
                               form.campaign_id.data or None, expected_value=form.expected_value.data)
        except LeadError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Lead “%(title)s” created.", title=lead.title), "success")
            return redirect(url_for("leads.detail", lead_id=lead.id))
    return render_template("leads/new.html", form=form, contact=contact), 422 if form.errors else 200
