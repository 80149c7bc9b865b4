"""Admins keep the list of users: create, edit, deactivate and activate (Settings → Users)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from webapp.auth.services import UserError
from webapp.extensions import db
from webapp.models import User
from webapp.security import roles_required
from webapp.users import bp, services
from webapp.users.forms import NewUserForm, UserForm


def _fields(form: UserForm) -> dict:
    return {name: getattr(form, name).data for name in services.EDITABLE}


@bp.get("/")
@roles_required()  # admins only
def index():
    return render_template("users/index.html", users=services.list_users())


@bp.route("/new", methods=["GET", "POST"])
@roles_required()
def create():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = services.add_user(form.email.data, password=form.password.data, **_fields(form))
        except UserError as error:
            db.session.rollback()
            # The form checked the password as create_user does; what is left is the e-mail (taken).
            form.email.errors = [*form.email.errors, str(error)]
        else:
            flash(_("User %(name)s created.", name=user.name), "success")
            return redirect(url_for("users.index"))
    return render_template("users/form.html", form=form, user=None), 422 if form.errors else 200


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@roles_required()
def edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_user(user, _fields(form))
        except UserError as error:
            db.session.rollback()
            form.role.errors = [*form.role.errors, str(error)]
        else:
            flash(_("User %(name)s saved.", name=user.name), "success")
            return redirect(url_for("users.index"))
    return render_template("users/form.html", form=form, user=user), 422 if form.errors else 200


@bp.post("/<int:user_id>/activate")
@roles_required()
def activate(user_id: int):
    return _set_active(db.get_or_404(User, user_id), True)


@bp.post("/<int:user_id>/deactivate")
@roles_required()
def deactivate(user_id: int):
    return _set_active(db.get_or_404(User, user_id), False)


def _set_active(user: User, active: bool):
    try:
        services.change_active(user, active)
    except UserError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("users.index"))
    flash(_("%(name)s can sign in again.", name=user.name) if active
          else _("%(name)s is deactivated and signed out everywhere.", name=user.name), "success")
    return redirect(url_for("users.index"))
