"""JSON endpoints: score a lead, list visible leads, take in new leads, the OpenAPI document."""

import json
from pathlib import Path

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.custom_values import ask_required_for_intake, document_custom_fields, read_custom
from webapp.api.errors import ApiError
from webapp.api.forms import LeadFeaturesForm, LeadIntakeForm, validated
from webapp.api.idempotency import idempotent
from webapp.api.serialize import lead_json, score_json
from webapp.duplicates.matching import contact_candidates
from webapp.extensions import csrf, db
from webapp.leads.errors import LeadError
from webapp.leads.intake import DuplicateLead, contact_by_email, intake
from webapp.leads.services import ordered, visible_leads
from webapp.models import Lead, Role, Stage
from webapp.paging import MAX_PAGE
from webapp.request_args import InvalidArgument, bounded_int_arg, only_args, required_choice_arg
from webapp.scoring.new_lead import as_new_lead
from webapp.scoring.service import score_features

csrf.exempt(bp)  # token auth, no cookies: cross-site requests cannot ride on a session
OPENAPI = Path(__file__).with_name("openapi.json")
SORTABLE = {"probability": Lead.probability, "created": Lead.created_at, "value": Lead.expected_value,
            "due": Lead.due_at, "id": Lead.id}
SORT_CHOICES = {prefix + name for name in SORTABLE for prefix in ("", "-")}
MAX_PER_PAGE = 200
QUERY_ARGS = {"sort", "stage", "page", "per_page"}


def _body() -> dict:
    payload = request.get_json(silent=True)
    if payload is None:
        raise ApiError(400, _("Send a JSON object with Content-Type: application/json."))
    return payload


@bp.post("/score")
@token_required
def score():
    """Score a lead without saving anything: as a new lead, unless the body says otherwise."""
    return jsonify(score_json(score_features(as_new_lead(validated(LeadFeaturesForm, _body())))))


@bp.get("/leads")
@token_required
def leads():
    try:
        only_args(QUERY_ARGS)
        sort = required_choice_arg("sort", SORT_CHOICES, "-probability")
        stage = required_choice_arg("stage", set(Stage))
        page = bounded_int_arg("page", 1, 1, MAX_PAGE)
        per_page = bounded_int_arg("per_page", 50, 1, MAX_PER_PAGE)
    except InvalidArgument as exc:
        raise ApiError(400, str(exc)) from exc
    query = visible_leads(g.api_user).options(joinedload(Lead.contact), joinedload(Lead.owner))
    if stage:
        query = query.where(Lead.stage == stage)
    query = query.order_by(ordered(SORTABLE[sort.lstrip("-")], "desc" if sort.startswith("-") else "asc"), Lead.id)
    found = db.paginate(query, page=page, per_page=per_page, error_out=False)
    return jsonify({"items": [lead_json(lead, g.api_user) for lead in found.items], "page": found.page,
                    "pages": found.pages, "total": found.total})


@bp.post("/leads")
@token_required
@idempotent
def create_lead():
    """Lead intake: validated, duplicate-checked by e-mail, answered with the lead and its score."""
    if g.api_user.role not in (Role.ADMIN, Role.MARKETING, Role.SALES):
        raise ApiError(403, _("Only marketing, sales or admin tokens may create leads."))
    payload = _body()
    allow_duplicate = payload.pop("allow_duplicate", False) if isinstance(payload, dict) else False
    if not isinstance(allow_duplicate, bool):
        raise ApiError(422, _("Some fields are not valid."), {"allow_duplicate": [_("Send true or false.")]})
    data = _intake_data(payload)
    if not allow_duplicate:
        _refuse_likely_duplicate(data)
    try:
        result = intake(data, g.api_user)
    except DuplicateLead as exc:
        raise ApiError(409, str(exc), {"lead_id": [str(exc.lead.id)]}) from exc
    except IntegrityError:  # a record saved at the same moment by another request
        db.session.rollback()
        raise ApiError(409, _("This lead conflicts with one saved at the same moment; look it up or retry.")) from None
    except LeadError as exc:  # e.g. nobody in marketing to take the lead: nothing is kept
        db.session.rollback()
        raise ApiError(409, str(exc)) from exc
    body = {"lead": lead_json(result.lead, g.api_user), "contact_existed": result.contact_existed}
    return jsonify(body), 201


def _intake_data(payload) -> dict:
    """The validated body with its custom values; every bad or missing field named in one 422."""
    problems, custom = {}, {"contact": {}, "organization": {}}
    if isinstance(payload, dict):
        custom = {entity: read_custom(payload, entity, problems) for entity in custom}
    try:
        data = validated(LeadIntakeForm, payload)
    except ApiError as exc:
        if exc.status == 422:
            exc.fields = {**(exc.fields or {}), **problems}
        raise
    ask_required_for_intake(data, custom, problems)
    if problems:
        raise ApiError(422, _("Some fields are not valid."), problems)
    return {**data, "custom": custom["contact"], "organization_custom": custom["organization"]}


def _refuse_likely_duplicate(data: dict) -> None:
    """A new contact that looks like an existing one (phone, name at the same company) is a 409
    naming the candidates, unless the request says "allow_duplicate": true. A known e-mail is
    no duplicate: the lead goes to that contact."""
    if contact_by_email(data["email"]) is not None:
        return
    values = {"first_name": data["first_name"], "last_name": data["last_name"], "phone": data.get("phone"),
              "organization": data.get("organization")}
    candidates = contact_candidates(values, g.api_user)
    if candidates:
        raise ApiError(409, _("This contact may exist already (see candidates); send \"allow_duplicate\": true "
                              "to create it anyway."), extra={"candidates": [c.as_json() for c in candidates]})


@bp.get("/leads/<int:lead_id>")
@token_required
def lead(lead_id: int):
    found = db.session.scalar(visible_leads(g.api_user).where(Lead.id == lead_id))
    if found is None:
        raise ApiError(404, _("No such lead, or it is not shared with you."))
    return jsonify(lead_json(found, g.api_user))


@bp.get("/openapi.json")
def openapi():
    """The document, with the custom fields the lead intake takes here."""
    document = document_custom_fields(json.loads(OPENAPI.read_bytes()))
    return current_app.response_class(json.dumps(document, ensure_ascii=False), mimetype="application/json")
