"""A target group's criteria: read from the builder's query string (as the user typed them, numbers
in their language) or from the JSON saved on the campaign, checked against the fields there are.

Saved as `{"match": "all" | "any", "rules": [{"field": "industry", "op": "equals", "value": "Retail"},
{"field": "postcode", "op": "between", "value": ["30000", "39999"]}, ...]}`; numbers as plain
decimal strings, dates as ISO days, an open bound as null. No rules: every contact.
"""

from dataclasses import dataclass, field as dataclass_field
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from flask_babel import gettext as _

from webapp.custom_fields.values import NUMBER_LIMIT
from webapp.formats import current_language, format_decimal
from webapp.target_groups.fields import RANGED, Field

MATCHES = ("all", "any")
MAX_ROWS = 12
MAX_TEXT = 200
PARTS = ("field", "op", "value", "from", "to")  # a row's inputs: field-0, op-0, value-0, from-0, to-0


class RuleError(ValueError):
    """A criterion that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Rule:
    field: str
    op: str
    value: object  # text or a choice's code; (low, high) for "between", either may be None


@dataclass
class Group:
    match: str = "all"
    rules: list[Rule] = dataclass_field(default_factory=list)

    def to_json(self) -> dict:
        return {"match": self.match, "rules": [{"field": r.field, "op": r.op, "value": _stored(r.value)}
                                               for r in self.rules]}


@dataclass
class Draft:
    """What the builder shows: the rows as typed, a message per row that cannot be used, and the
    group when every row can."""

    match: str
    rows: list[dict]
    errors: dict[int, str]

    @property
    def group(self) -> Group | None:
        if self.errors:
            return None
        return Group(self.match, [row["rule"] for row in self.rows if row.get("rule") is not None])


def _stored(value):
    if isinstance(value, tuple):
        return [None if v is None else str(v) if isinstance(v, Decimal) else v.isoformat()
                if isinstance(v, date) else v for v in value]
    return value


def _locale_number(text: str) -> Decimal:
    try:
        number = parse_decimal(text, locale=current_language(), strict=True)
    except NumberFormatError as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


def _plain_number(text: str) -> Decimal:
    try:
        number = Decimal(str(text))
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


def _bound(field: Field, text, read_number):
    text = "" if text is None else str(text).strip()
    if not text:
        return None
    if field.kind == "custom_number":
        try:
            number = read_number(text)
            if abs(number) >= NUMBER_LIMIT:  # no stored value is as large (and PostgreSQL's NUMERIC ends somewhere)
                raise ValueError(text)
            return number
        except ValueError:
            raise RuleError(_("%(field)s: “%(value)s” is not a number; enter one like %(example)s.", field=field.label,
                              value=text[:40], example=format_decimal(Decimal("1234.5"), 1, grouping=False))) from None
    if field.kind == "custom_date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise RuleError(_("%(field)s: “%(value)s” is not a date; enter a day like 2026-03-31.",
                              field=field.label, value=text[:40])) from None
    if len(text) > 20:
        raise RuleError(_("%(field)s: a postcode has at most 20 characters.", field=field.label))
    return text


def read_rule(field: Field, op: str, value, low, high, read_number=_plain_number) -> Rule:
    """One criterion, checked: RuleError with a message for what cannot be used."""
    if op not in field.operators:
        raise RuleError(_("%(field)s has no operator “%(op)s”.", field=field.label, op=str(op)[:40]))
    if op in RANGED:
        bounds = (_bound(field, low, read_number), _bound(field, high, read_number))
        if bounds == (None, None):
            raise RuleError(_("%(field)s: enter a lower or an upper bound (or both).", field=field.label))
        if None not in bounds and bounds[0] > bounds[1]:
            raise RuleError(_("%(field)s: the lower bound lies above the upper one.", field=field.label))
        return Rule(field.key, op, bounds)
    text = "" if value is None else str(value).strip()
    if not text:
        raise RuleError(_("%(field)s: enter a value.", field=field.label))
    if len(text) > MAX_TEXT:
        raise RuleError(_("%(field)s: at most %(n)d characters.", field=field.label, n=MAX_TEXT))
    if field.choices and text not in {code for code, _label in field.choices}:
        raise RuleError(_("%(field)s: choose one of the offered values.", field=field.label))
    return Rule(field.key, op, text)


def draft_from_args(args, fields: dict[str, Field]) -> Draft:
    """The builder's rows from its query string. A row without a field is an empty row; "add" adds
    one, "remove=<n>" drops row n; a row whose operator its field lacks (the field was just changed)
    starts afresh with the field's first operator and no value, and counts nothing until given one."""
    rows = []
    for n in range(MAX_ROWS):
        row = {part: (args.get(f"{part}-{n}") or "").strip() for part in PARTS}
        if row["field"] and args.get("remove") != str(n):
            rows.append(row)
    if args.get("add") and len(rows) < MAX_ROWS:
        rows.append({part: "" for part in PARTS})
    match = args.get("match") if args.get("match") in MATCHES else "all"
    return _checked(match, rows or [{part: "" for part in PARTS}], fields, _locale_number, typed=True)


def _checked(match: str, rows: list[dict], fields: dict[str, Field], read_number, typed: bool = False) -> Draft:
    errors = {}
    for n, row in enumerate(rows):
        if not row["field"]:
            continue
        field = fields.get(row["field"])
        if field is None:
            errors[n] = _("There is no field “%(field)s” (any more).", field=row["field"][:60])
            continue
        if typed and row["op"] not in field.operators:  # another kind of field was chosen: start it afresh
            row.update(op=field.operators[0], value="", **{"from": "", "to": ""})
            continue
        try:
            row["rule"] = read_rule(field, row["op"], row["value"], row["from"], row["to"], read_number)
        except RuleError as error:
            errors[n] = str(error)
    return Draft(match, rows, errors)


def draft_from_json(data, fields: dict[str, Field]) -> Draft:
    """The saved criteria as builder rows (numbers shown as the user's language writes them)."""
    if not isinstance(data, dict) or not data:
        return Draft("all", [{part: "" for part in PARTS}], {})
    rules = data.get("rules")
    if not isinstance(rules, list) or data.get("match") not in MATCHES:
        return Draft("all", [{part: "" for part in PARTS}], {0: _("The saved group could not be read; build it anew.")})
    rows = []
    for rule in rules[:MAX_ROWS]:
        rule = rule if isinstance(rule, dict) else {}
        value = rule.get("value")
        low, high = (value + [None, None])[:2] if isinstance(value, list) else (None, None)
        field = fields.get(str(rule.get("field") or ""))
        if field is not None and field.kind == "custom_number":
            low, high = (None if v is None else _shown_number(v) for v in (low, high))
        rows.append({"field": str(rule.get("field") or "?"), "op": str(rule.get("op") or ""),
                     "value": "" if isinstance(value, list) or value is None else str(value),
                     "from": low or "", "to": high or ""})
    draft = _checked(data["match"], rows or [{part: "" for part in PARTS}], fields, _locale_number)
    return draft


def _shown_number(value) -> str:
    try:
        return format_decimal(_plain_number(value), grouping=False)
    except ValueError:
        return str(value)


def row_args(draft: Draft) -> dict:
    """The draft as the builder's query string (for links back to it)."""
    args = {"match": draft.match}
    for n, row in enumerate(draft.rows):
        for part in PARTS:
            if row.get(part):
                args[f"{part}-{n}"] = row[part]
    return args
