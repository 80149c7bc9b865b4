"""Custom field values in an API body: {"custom": {key: value}} for the contact and
{"organization_custom": {key: value}} for its organization, checked by each field's type, and
the required ones asked for when the record is new (fields named as custom.<key> in a 422)."""

from flask_babel import gettext as _

from webapp.custom_fields.definitions import fields_for
from webapp.custom_fields.required import missing, required_fields
from webapp.custom_fields.values import TEXT_LIMIT, from_json
from webapp.leads.intake import contact_by_email, organization_named

BODY_KEYS = {"contact": "custom", "organization": "organization_custom"}


def read_custom(payload: dict, entity: str, problems: dict) -> dict:
    """The values sent for `entity` (taken out of the payload), as stored; each bad one named in
    `problems`."""
    name = BODY_KEYS[entity]
    sent = payload.pop(name, None)
    if sent is None:
        return {}
    if not isinstance(sent, dict):
        problems[name] = [_("Send an object of custom field keys and values.")]
        return {}
    fields = {field.key: field for field in fields_for(entity)}
    values = {}
    for key, value in sent.items():
        field = fields.get(key)
        if field is None:
            problems[f"{name}.{key}"] = [_("Unknown field.")]
            continue
        try:
            stored = from_json(field, value)
        except ValueError as exc:
            problems[f"{name}.{key}"] = [str(exc)]
            continue
        if stored is not None:
            values[key] = stored
    return values


def ask_required(entity: str, values: dict, problems: dict) -> None:
    """Name each required field of a new `entity` that `values` leaves empty."""
    for field in missing(required_fields(entity), values):
        problems.setdefault(f"{BODY_KEYS[entity]}.{field.key}", [_("This field is required.")])


def ask_required_for_intake(data: dict, custom: dict, problems: dict) -> None:
    """A lead's intake makes a contact when the e-mail is new, and an organization when its name is:
    those need their required values; an existing contact or organization is left as it is."""
    if contact_by_email(data["email"]) is not None:
        return
    ask_required("contact", custom["contact"], problems)
    if data.get("organization") and organization_named(data["organization"]) is None:
        ask_required("organization", custom["organization"], problems)


def _schema(field) -> dict:
    if field.type == "number":
        return {"type": ["number", "null"]}
    if field.type == "date":
        return {"type": ["string", "null"], "format": "date"}
    if field.type == "choice":
        return {"type": ["string", "null"], "enum": [*(field.options or []), "", None]}
    return {"type": ["string", "null"], "maxLength": TEXT_LIMIT, "pattern": "^[^\\u0000]*$"}


def document_custom_fields(document: dict) -> dict:
    """The OpenAPI document with this installation's custom fields as the properties of "custom"
    and "organization_custom" (each marked required where a new record needs it)."""
    intake = document["components"]["schemas"]["LeadIntake"]["properties"]
    for entity, name in BODY_KEYS.items():
        intake[name]["properties"] = {
            field.key: {**_schema(field), "title": field.label,
                        **({"description": "Required for a new record"} if field.required else {})}
            for field in fields_for(entity)}
    return document
