"""Imports of organizations, contacts and leads from CSV and XLSX files: reading, column mapping,
checking (dry run), writing in batches as a background job, and reverting."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")

from webapp.imports import routes  # noqa: E402,F401
