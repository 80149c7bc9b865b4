"""A person's data on request: everything stored about one contact as a zip (GDPR Art. 15), and
erasure by anonymising it while the figures of their leads, offers and invoices stay (Art. 17).
Admins only; each request is recorded in `data_requests`."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

from webapp.privacy import routes  # noqa: E402,F401
