"""The settings page: one form built from the settings' shape, so a new answer adds a field."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField, StringField, TextAreaField, ValidationError, widgets
from wtforms.validators import DataRequired, Length, NumberRange

from webapp.forms_common import choices, strip
from webapp.models import BANT_ANSWERS
from webapp.settings.defaults import DEFAULTS

REACTIONS = ("enthusiastic", "sceptical", "reserved")
SLA_KEYS = tuple(DEFAULTS["sla_hours"])


def points_field_name(question: str, answer: str) -> str:
    return f"points__{question}__{answer}"


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class _SettingsBase(FlaskForm):
    class_a = IntegerField("Class A from (points)", validators=[NumberRange(min=-100, max=500)])
    class_b = IntegerField("Class B from (points)", validators=[NumberRange(min=-100, max=500)])
    escalation_hours = IntegerField("Alert team leads after a further (hours)",
                                    validators=[NumberRange(min=1, max=24 * 30)])
    hot_days = IntegerField("Hot: contact within (days)", validators=[NumberRange(min=1, max=365)])
    warm_days = IntegerField("Warm: contact within (days)", validators=[NumberRange(min=1, max=730)])
    stale_days = IntegerField("Breaking off after (days without contact or next step)",
                              validators=[NumberRange(min=1, max=365)])
    sales_requires = MultiCheckboxField("Known before a hand-off to sales",
                                        choices=choices((q, q.capitalize()) for q in BANT_ANSWERS))
    mql = StringField("Name for a qualified lead", filters=[strip], validators=[DataRequired(), Length(max=20)])
    sal = StringField("Name for a lead sales accepted", filters=[strip], validators=[DataRequired(), Length(max=20)])
    sql = StringField("Name for a lead with an offer", filters=[strip], validators=[DataRequired(), Length(max=20)])

    routing_rules = TextAreaField("Routing rules (one per line: role | territory or industry | value | e-mails)")

    def validate_routing_rules(self, field) -> None:
        try:
            parse_routing_rules(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def validate_class_a(self, field) -> None:
        if self.class_b.data is not None and field.data is not None and field.data <= self.class_b.data:
            raise ValidationError("Class A must start above class B.")

    def validate_warm_days(self, field) -> None:
        if self.hot_days.data and field.data is not None and field.data <= self.hot_days.data:
            raise ValidationError("Warm must last longer than hot.")


def parse_routing_rules(text: str | None) -> list[dict]:
    """'sales | territory | North | a@x.com, b@x.com' per line → rules with user ids."""
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Role, User

    rules = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or not all(parts):
            raise ValueError(f"Line {number}: write role | territory or industry | value | e-mails.")
        role, field, value, emails = parts
        if role not in {r.value for r in Role} - {Role.ADMIN, Role.PARTNER}:
            raise ValueError(f"Line {number}: '{role}' is not a role that takes hand-offs.")
        if field not in ("territory", "industry"):
            raise ValueError(f"Line {number}: rules match on territory or industry, not '{field}'.")
        ids = []
        for email in (e.strip().lower() for e in emails.split(",") if e.strip()):
            user = db.session.scalar(select(User).where(func.lower(User.email) == email, User.role == role))
            if user is None:
                raise ValueError(f"Line {number}: no {role} user with e-mail {email}.")
            ids.append(user.id)
        rules.append({"role": role, "field": field, "value": value, "user_ids": ids})
    return rules


def format_routing_rules(rules: list[dict]) -> str:
    from webapp.extensions import db
    from webapp.models import User

    lines = []
    for rule in rules:
        emails = [u.email for u in (db.session.get(User, i) for i in rule.get("user_ids", [])) if u]
        lines.append(f"{rule['role']} | {rule['field']} | {rule['value']} | {', '.join(emails)}")
    return "\n".join(lines)


def settings_form_class() -> type[FlaskForm]:
    attrs = {}
    for question, answers in {**BANT_ANSWERS, "reaction": REACTIONS}.items():
        for answer in answers:
            label = f"{question.capitalize()}: {answer.replace('_', ' ')}"
            attrs[points_field_name(question, answer)] = IntegerField(
                label, validators=[NumberRange(min=-100, max=100)])
    for key in SLA_KEYS:
        label = "Sales partner" if key == "partner" else ("Sales (qualified lead)" if key == "sales" else key.capitalize())
        attrs[f"sla__{key}"] = IntegerField(f"{label}: hours to act",
                                            validators=[NumberRange(min=1, max=24 * 60)])
    return type("SettingsForm", (_SettingsBase,), attrs)


def form_data_from(settings: dict) -> dict:
    data = {points_field_name(q, a): p for q, table in settings["bant_points"].items() for a, p in table.items()}
    data.update({f"sla__{k}": v for k, v in settings["sla_hours"].items()})
    data.update(class_a=settings["class_thresholds"]["A"], class_b=settings["class_thresholds"]["B"],
                escalation_hours=settings["escalation_hours"], stale_days=settings["stale_days"],
                hot_days=settings["temperature_days"]["hot"], warm_days=settings["temperature_days"]["warm"],
                sales_requires=settings["handoff_requirements"].get("sales", []),
                routing_rules=format_routing_rules(settings["routing_rules"]),
                **settings["funnel_names"])
    return data


def settings_from_form(form) -> dict:
    """The validated form as settings values, key by key."""
    points: dict[str, dict[str, int]] = {}
    for question, answers in {**BANT_ANSWERS, "reaction": REACTIONS}.items():
        points[question] = {a: form[points_field_name(question, a)].data for a in answers}
    return {
        "bant_points": points,
        "class_thresholds": {"A": form.class_a.data, "B": form.class_b.data},
        "sla_hours": {k: form[f"sla__{k}"].data for k in SLA_KEYS},
        "escalation_hours": form.escalation_hours.data,
        "temperature_days": {"hot": form.hot_days.data, "warm": form.warm_days.data},
        "stale_days": form.stale_days.data,
        "handoff_requirements": {"sales": list(form.sales_requires.data),
                                 "prospect": list(form.sales_requires.data)},
        "funnel_names": {"mql": form.mql.data, "sal": form.sal.data, "sql": form.sql.data},
        "routing_rules": parse_routing_rules(form.routing_rules.data),
    }


class LostReasonForm(FlaskForm):
    label = StringField("New reason", filters=[strip], validators=[DataRequired(), Length(max=120)])
