from flask import render_template
from flask_login import current_user

from webapp.dashboard import bp, services


@bp.get("/")
def index():
    return render_template("dashboard/index.html", **services.overview(current_user))
