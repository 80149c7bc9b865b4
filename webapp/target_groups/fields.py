"""What a target group can ask about a contact: its own fields, its organization's, its leads', and
the custom fields of both, each with the operators its kind of value has.

A field's key is what the criteria store: "industry", "size", ... and "contact.<key>" /
"organization.<key>" for custom fields. Kinds:

- text: the contact's value, else its organization's (industry, country, city); "equals" and
  "not_equals" ignore case, "contains" wants every word somewhere
- band: the organization's size by employees, in the bands the organization page shows
- postcode: "between" two codes (compared as text, so 30000–39999 is every 3xxxx) or "starts_with"
- lead: "equals" is "has a lead with", "not_equals" "has no lead with"
- custom_text, custom_number, custom_date, custom_choice: webapp.custom_fields.query.OPERATORS
"""

from dataclasses import dataclass, field as dataclass_field

from flask_babel import lazy_gettext as _l

from webapp import labels
from webapp.custom_fields.definitions import fields_for
from webapp.custom_fields.query import OPERATORS as CUSTOM_OPERATORS
from webapp.models import CustomField, Source, Stage

# Employees per band, lower bound inclusive and upper exclusive (Organization.size_band).
BANDS = {"1-9": (0, 10), "10-49": (10, 50), "50-249": (50, 250), "250+": (250, None)}

OPERATORS = {
    "text": ("equals", "not_equals", "contains"),
    "band": ("equals", "at_least", "at_most"),
    "postcode": ("between", "starts_with"),
    "lead": ("equals", "not_equals"),
    **{f"custom_{kind}": ops for kind, ops in CUSTOM_OPERATORS.items()},
}
OPERATOR_LABELS = {
    "equals": _l("is"), "not_equals": _l("is not"), "contains": _l("contains"), "at_least": _l("at least"),
    "at_most": _l("at most"), "between": _l("between"), "starts_with": _l("starts with"),
}
LEAD_OPERATOR_LABELS = {"equals": _l("has a lead with"), "not_equals": _l("has no lead with")}
RANGED = ("between",)


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    kind: str
    choices: tuple = ()  # (code, label) for bands, lead sources and stages, a choice field's options
    custom: CustomField | None = dataclass_field(default=None, compare=False)

    @property
    def operators(self) -> tuple[str, ...]:
        return OPERATORS[self.kind]

    def operator_label(self, op: str):
        return (LEAD_OPERATOR_LABELS if self.kind == "lead" else OPERATOR_LABELS)[op]

    @property
    def input_type(self) -> str:
        """How the value is typed: "select", "number", "date" or "text"."""
        if self.choices:
            return "select"
        return {"custom_number": "number", "custom_date": "date"}.get(self.kind, "text")


def _builtin() -> list[Field]:
    stages = [code for code in labels.STAGES if code in {s.value for s in Stage}]
    return [
        Field("industry", _l("Industry"), "text"),
        Field("size", _l("Size (employees)"), "band", tuple((band, band) for band in BANDS)),
        Field("territory", _l("Territory"), "text"),
        Field("country", _l("Country"), "text"),
        Field("postcode", _l("Postcode"), "postcode"),
        Field("city", _l("City"), "text"),
        Field("function", _l("Function"), "text"),
        Field("source", _l("Lead source"), "lead", tuple(labels.choices_of(labels.SOURCES, [s.value for s in Source]))),
        Field("stage", _l("Lead stage"), "lead", tuple(labels.choices_of(labels.STAGES, stages))),
    ]


def _custom(entity: str, prefix, definition: CustomField) -> Field:
    options = tuple((option, option) for option in definition.options or ()) if definition.type == "choice" else ()
    return Field(f"{entity}.{definition.key}", f"{prefix}: {definition.label}", f"custom_{definition.type}",
                 options, definition)


def available_fields() -> dict[str, Field]:
    """Every field a group may use now, in the order the builder offers them (active custom fields)."""
    found = _builtin()
    for entity, prefix in (("contact", _l("Contact")), ("organization", _l("Organization"))):
        found += [_custom(entity, prefix, definition) for definition in fields_for(entity)]
    return {f.key: f for f in found}
