from functools import wraps

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.duplicate_finder import bp
from webapp.duplicate_finder.forms import DismissForm, SearchForm, merge_form_class
from webapp.duplicates import pair_list, pair_search
from webapp.duplicates.pairs import REASONS
from webapp.duplicates.merge import ALREADY_MERGED, MODELS, AlreadyMerged, field_choices, merge
from webapp.extensions import db
from webapp.locking import EditConflict
from webapp.htmx import is_partial
from webapp.models import Job, Organization, Role
from webapp.paging import page_number
from webapp.request_args import choice_arg, int_arg

FINDER_ROLES = (Role.ADMIN, Role.MARKETING)


def finder_roles(view):
    """Admin and marketing; a partner is not told the page exists, other roles are refused."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.role == Role.PARTNER:
            abort(404)
        if current_user.role not in FINDER_ROLES:
            abort(403, _("Your role may not do this."))
        return view(*args, **kwargs)

    return wrapped


def _kind_or_404(kind: str) -> str:
    if kind not in pair_list.KINDS:
        abort(404)
    return kind


@bp.get("/")
@finder_roles
def index():
    kind = choice_arg("kind", pair_list.KINDS, "contact")
    shown, records = pair_list.page_of(kind, page_number(), current_app.config["PAGE_SIZE"])
    return render_template("duplicates/index.html", page=shown, records=records, reasons=REASONS,
                           dismiss_form=DismissForm(), **_search_state(kind))


def _search_state(kind: str) -> dict:
    return {"search": pair_search.current_search(), "computed_at": pair_search.last_computed(), "kind": kind,
            "search_form": SearchForm()}


@bp.post("/search")
@finder_roles
def search():
    """Start a search for likely duplicates (or show the one under way); the page polls it."""
    kind = choice_arg("kind", pair_list.KINDS, "contact")
    if SearchForm().validate_on_submit():
        pair_search.start_search(current_app._get_current_object(), current_user)
    if is_partial():
        return render_template("duplicates/_search.html", **_search_state(kind))
    return redirect(url_for("duplicate_finder.index", kind=kind))


@bp.get("/search/<int:job_id>")
@finder_roles
def search_status(job_id: int):
    """The search's progress; once it has ended, the page reloads to show the new list."""
    job = db.get_or_404(Job, job_id)
    if job.kind != pair_list.KIND:
        abort(404)
    state = _search_state(choice_arg("kind", pair_list.KINDS, "contact"))
    response = make_response(render_template("duplicates/_search.html", **{**state, "search": job}))
    if is_partial() and not job.active:
        response.headers["HX-Refresh"] = "true"
    return response


@bp.post("/<kind>/<int:first_id>/<int:second_id>/dismiss")
@finder_roles
def dismiss(kind: str, first_id: int, second_id: int):
    _kind_or_404(kind)
    if DismissForm().validate_on_submit():
        pair_list.dismiss(kind, first_id, second_id, current_user)
        flash(_("Remembered: these two are not duplicates."), "success")
    return redirect(url_for("duplicate_finder.index", kind=kind, page=int_arg("page")))


def _display(name: str, value) -> str:
    """A stored value as the merge screen shows it."""
    if value is None or value == "":
        return "—"
    if name == "organization_id":
        organization = db.session.get(Organization, value)
        return organization.name if organization else "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


@bp.route("/<kind>/<int:kept_id>/<int:other_id>/merge", methods=["GET", "POST"])
@finder_roles
def merge_pair(kind: str, kept_id: int, other_id: int):
    model = MODELS[_kind_or_404(kind)]
    if kept_id == other_id:
        abort(404)
    kept, other = db.session.get(model, kept_id), db.session.get(model, other_id)
    if kept is None or other is None:
        if kept is None and other is None:
            abort(404)
        return _already_merged(kind)  # a colleague was quicker (or the screen is an old one)
    choices = field_choices(kind, kept, other)
    form_class = merge_form_class(kind)
    if request.method == "POST":
        form = form_class()
    else:
        form = form_class(formdata=None, data={"kept_version": kept.version, "other_version": other.version,
                                               **{choice.name: choice.default for choice in choices}})
    status = 422
    if form.validate_on_submit():
        chosen = {choice.name: form[choice.name].data for choice in choices}
        try:
            merge(kind, kept, other, chosen, current_user, form.kept_version.data, form.other_version.data)
        except AlreadyMerged:
            return _already_merged(kind)
        except EditConflict as conflict:
            form.form_errors.append(_("%(conflict)s Check both records, then merge again.", conflict=conflict))
            if conflict.deleted:
                flash(str(conflict), "error")
                return redirect(url_for("duplicate_finder.index", kind=kind))
            form.kept_version.data, form.other_version.data = kept.version, other.version
            choices, status = field_choices(kind, kept, other), 409
        else:
            flash(_("Merged: everything of the other record now belongs to this one."), "success")
            endpoint, key = ("contacts.detail", "contact_id") if kind == "contact" else \
                ("organizations.detail", "organization_id")
            return redirect(url_for(endpoint, **{key: kept.id}))
    return render_template("duplicates/merge.html", kind=kind, kept=kept, other=other, form=form,
                           rows=[(choice, _display(choice.name, choice.kept), _display(choice.name, choice.other))
                                 for choice in choices]), status if form.errors else 200


def _already_merged(kind: str):
    flash(str(ALREADY_MERGED), "info")
    return redirect(url_for("duplicate_finder.index", kind=kind))
