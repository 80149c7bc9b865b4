from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_user, logout_user

from webapp.auth import bp
from webapp.api.auth import create_token, revoke_token
from webapp.auth.forms import LanguageForm, LoginForm, TokenForm
from webapp.auth.services import authenticate, record_sign_in, set_language, sign_out_everywhere
from webapp.auth.throttle import retry_message, seconds_until_retry, throttled
from webapp.notifications.forms import EmailPreferenceForm
from webapp.notifications.services import set_email_preference
from webapp.request_args import text_arg


def _safe_next(target: str | None) -> str:
    # Only local paths: never bounce a freshly signed-in user to another site.
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
@throttled
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            record_sign_in(user)
            return redirect(_safe_next(text_arg("next")))
        form.password.errors.append(_("E-mail or password is not right."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(error: RateLimitExceeded):
    seconds = seconds_until_retry()
    response = render_template("auth/login.html", form=LoginForm(), notice=retry_message(seconds))
    return response, 429, {"Retry-After": str(seconds)}


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        sign_out_everywhere(current_user)  # the old session and remember-me cookies stop working
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    """The signed-in user's API tokens; a new token is shown once, right here."""
    form, new_token = TokenForm(), None
    if form.validate_on_submit():
        new_token = create_token(current_user, form.name.data)
        form = TokenForm(formdata=None)
    return _profile_page(form=form, new_token=new_token)


def _profile_page(form=None, language_form=None, new_token=None, notify_form=None):
    form = TokenForm(formdata=None) if form is None else form
    if language_form is None:
        language_form = LanguageForm(formdata=None, language=current_user.language or "")
    if notify_form is None:
        notify_form = EmailPreferenceForm(formdata=None, notify_email=current_user.notify_email)
    tokens = [t for t in current_user.api_tokens if not t.revoked]
    status = 422 if form.errors or language_form.errors or notify_form.errors else 200
    return render_template("auth/profile.html", form=form, language_form=language_form, tokens=tokens,
                           new_token=new_token, notify_form=notify_form), status


@bp.post("/profile/language")
def language():
    form = LanguageForm()
    if not form.validate_on_submit():
        return _profile_page(language_form=form)
    set_language(current_user, form.language.data or None)
    refresh()  # this response already speaks the new language
    flash(_("Your language is saved."), "success")
    return redirect(url_for("auth.profile"))


@bp.post("/profile/notifications")
def notification_email():
    form = EmailPreferenceForm()
    if not form.validate_on_submit():
        return _profile_page(notify_form=form)
    set_email_preference(current_user, form.notify_email.data)
    flash(_("Your e-mail setting for notifications is saved."), "success")
    return redirect(url_for("auth.profile"))


@bp.post("/profile/tokens/<int:token_id>/revoke")
def revoke(token_id: int):
    if revoke_token(current_user, token_id):
        flash(_("Token revoked: requests with it are refused from now on."), "success")
    else:
        abort(404)
    return redirect(url_for("auth.profile"))
