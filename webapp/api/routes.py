"""JSON endpoints: score a lead, list visible leads, take in new leads, the OpenAPI document."""

from pathlib import Path

from flask import current_app, g, jsonify, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.paging import page_number
from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.errors import ApiError
from webapp.api.forms import LeadFeaturesForm, LeadIntakeForm, validated
from webapp.api.idempotency import idempotent
from webapp.api.serialize import lead_json, score_json
from webapp.extensions import csrf, db
from webapp.leads.intake import DuplicateLead, intake
from webapp.leads.services import ordered, visible_leads
from webapp.models import Lead, Role, Stage
from webapp.scoring.service import score_features

csrf.exempt(bp)  # token auth, no cookies: cross-site requests cannot ride on a session
OPENAPI = Path(__file__).with_name("openapi.json")
SORTABLE = {"probability": Lead.probability, "created": Lead.created_at, "value": Lead.expected_value,
            "due": Lead.due_at, "id": Lead.id}


def _body() -> dict:
    payload = request.get_json(silent=True)
    if payload is None:
        raise ApiError(400, "Send a JSON object with Content-Type: application/json.")
    return payload


@bp.post("/score")
@token_required
def score():
    """Score a lead without saving anything."""
    return jsonify(score_json(score_features(validated(LeadFeaturesForm, _body()))))


@bp.get("/leads")
@token_required
def leads():
    sort = request.args.get("sort", "-probability")
    column = SORTABLE.get(sort.lstrip("-"))
    if column is None:
        raise ApiError(400, f"sort must be one of {', '.join(sorted(SORTABLE))}, with '-' for descending.")
    stage = request.args.get("stage")
    if stage and stage not in set(Stage):
        raise ApiError(400, f"stage must be one of {', '.join(Stage)}.")
    query = visible_leads(g.api_user).options(joinedload(Lead.contact), joinedload(Lead.owner))
    if stage:
        query = query.where(Lead.stage == stage)
    query = query.order_by(ordered(column, "desc" if sort.startswith("-") else "asc"), Lead.id)
    page = db.paginate(query, page=page_number(), error_out=False,
                       per_page=min(request.args.get("per_page", 50, type=int), 200))
    return jsonify({"items": [lead_json(lead) for lead in page.items], "page": page.page,
                    "pages": page.pages, "total": page.total})


@bp.post("/leads")
@token_required
@idempotent
def create_lead():
    """Lead intake: validated, duplicate-checked by e-mail, answered with the lead and its score."""
    if g.api_user.role not in (Role.ADMIN, Role.MARKETING, Role.SALES):
        raise ApiError(403, "Only marketing, sales or admin tokens may create leads.")
    data = validated(LeadIntakeForm, _body())
    try:
        result = intake(data, g.api_user)
    except DuplicateLead as exc:
        raise ApiError(409, str(exc), {"lead_id": [str(exc.lead.id)]}) from exc
    except IntegrityError:  # a record saved at the same moment by another request
        db.session.rollback()
        raise ApiError(409, "This lead conflicts with one saved at the same moment; look it up or retry.") from None
    body = {"lead": lead_json(result.lead), "contact_existed": result.contact_existed}
    return jsonify(body), 201


@bp.get("/leads/<int:lead_id>")
@token_required
def lead(lead_id: int):
    found = db.session.scalar(visible_leads(g.api_user).where(Lead.id == lead_id))
    if found is None:
        raise ApiError(404, "No such lead, or it is not shared with you.")
    return jsonify(lead_json(found))


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI.read_bytes(), mimetype="application/json")
