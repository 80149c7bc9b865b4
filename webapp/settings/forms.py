"""The settings pages: the main form built from the settings' shape (so a new answer adds a
field) and the form for the learned close probability."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange

from webapp.decimal_input import LocaleDecimalField
from webapp.forms_base import BaseForm
from webapp.forms_common import choices, strip
from webapp.locking import VersionedForm
from webapp.models import BANT_ANSWERS
from webapp.scheduler import cron
from webapp.scoring.labels import answer_label, field_label, question_label
from webapp.scoring.options import CANDIDATE_MODELS, DEAL_FIELDS, PERSON_FIELDS, candidate_label
from webapp.settings.defaults import DEFAULTS

REACTIONS = ("enthusiastic", "sceptical", "reserved")
SLA_KEYS = tuple(DEFAULTS["sla_hours"])
# Who acts within each time window after a hand-off.
SLA_LABELS = {"lead": _l("Lead"), "sales": _l("Sales (qualified lead)"), "prospect": _l("Prospect"),
              "customer": _l("Customer"), "debtor": _l("Debtor"), "partner": _l("Sales partner")}


def points_field_name(question: str, answer: str) -> str:
    return f"points__{question}__{answer}"


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class _SettingsBase(VersionedForm, BaseForm):
    class_a = IntegerField(_l("Class A from (points)"), validators=[NumberRange(min=-100, max=500)])
    class_b = IntegerField(_l("Class B from (points)"), validators=[NumberRange(min=-100, max=500)])
    escalation_hours = IntegerField(_l("Alert team leads after a further (hours)"),
                                    validators=[NumberRange(min=1, max=24 * 30)])
    hot_days = IntegerField(_l("Hot: contact within (days)"), validators=[NumberRange(min=1, max=365)])
    warm_days = IntegerField(_l("Warm: contact within (days)"), validators=[NumberRange(min=1, max=730)])
    stale_days = IntegerField(_l("Breaking off after (days without contact or next step)"),
                              validators=[NumberRange(min=1, max=365)])
    sales_requires = MultiCheckboxField(_l("Known before a hand-off to sales"),
                                        choices=choices((q, question_label(q)) for q in BANT_ANSWERS))
    mql = StringField(_l("Name for a qualified lead"), filters=[strip], validators=[DataRequired(), Length(max=20)])
    sal = StringField(_l("Name for a lead sales accepted"), filters=[strip],
                      validators=[DataRequired(), Length(max=20)])
    sql = StringField(_l("Name for a lead with an offer"), filters=[strip],
                      validators=[DataRequired(), Length(max=20)])

    routing_rules = TextAreaField(_l("Routing rules (one per line: role | territory or industry | value | e-mails)"))

    def validate_routing_rules(self, field) -> None:
        try:
            parse_routing_rules(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def validate_class_a(self, field) -> None:
        if self.class_b.data is not None and field.data is not None and field.data <= self.class_b.data:
            raise ValidationError(_("Class A must start above class B."))

    def validate_warm_days(self, field) -> None:
        if self.hot_days.data and field.data is not None and field.data <= self.hot_days.data:
            raise ValidationError(_("Warm must last longer than hot."))


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
            raise ValueError(_("Line %(number)s: write role | territory or industry | value | e-mails.",
                               number=number))
        role, field, value, emails = parts
        if role not in {r.value for r in Role} - {Role.ADMIN, Role.PARTNER}:
            raise ValueError(_("Line %(number)s: '%(role)s' is not a role that takes hand-offs.",
                               number=number, role=role))
        if field not in ("territory", "industry"):
            raise ValueError(_("Line %(number)s: rules match on territory or industry, not '%(field)s'.",
                               number=number, field=field))
        ids = []
        for email in (e.strip().lower() for e in emails.split(",") if e.strip()):
            user = db.session.scalar(select(User).where(func.lower(User.email) == email, User.role == role))
            if user is None:
                raise ValueError(_("Line %(number)s: no %(role)s user with e-mail %(email)s.",
                                   number=number, role=role, email=email))
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


def settings_form_class() -> type[BaseForm]:
    attrs = {}
    for question, answers in {**BANT_ANSWERS, "reaction": REACTIONS}.items():
        for answer in answers:
            label = _l("%(question)s: %(answer)s", question=question_label(question), answer=answer_label(answer))
            attrs[points_field_name(question, answer)] = IntegerField(
                label, validators=[NumberRange(min=-100, max=100)])
    for key in SLA_KEYS:
        attrs[f"sla__{key}"] = IntegerField(_l("%(who)s: hours to act", who=SLA_LABELS.get(key, key.capitalize())),
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


class LostReasonForm(BaseForm):
    label = StringField(_l("New reason"), filters=[strip], validators=[DataRequired(), Length(max=120)])


class NumberField(LocaleDecimalField):
    """A decimal typed as it is shown (no rounding to places); refuses NaN and infinity."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, places=None, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(_("Enter a number."))


EXCLUDABLE_FIELDS = (*PERSON_FIELDS, *DEAL_FIELDS)
MIN_RETRAIN_GAP = timedelta(hours=1)


def cron_problem(expression: str, now: datetime | None = None) -> str | None:
    """Why a retraining schedule cannot be used, or None when it can."""
    try:
        trigger = cron(expression)
    except ValueError as exc:
        return _("Not a crontab schedule: %(problem)s. Five fields: minute hour day month weekday.", problem=exc)
    if any(ch.isdigit() for ch in expression.split()[4]):
        return _("Write weekdays as names (mon-fri, sun): the scheduler counts numbers from Monday, "
                 "crontab from Sunday.")
    fire, now = None, now or datetime.now(timezone.utc)
    runs = []
    for _step in range(25):
        fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1) if fire else now)
        if fire is None:
            break
        runs.append(fire)
    if not runs:
        return _("This schedule never runs (e.g. 31 February).")
    if any(later - earlier < MIN_RETRAIN_GAP for earlier, later in zip(runs, runs[1:])):
        return _("Retrain at most once an hour: each run trains and compares several models.")
    return None


class ScoringForm(VersionedForm, BaseForm):
    """The learned close probability; percentages on the page, fractions in the settings."""

    retrain_cron = StringField(_l("Retrain on this schedule (crontab, UTC)"), filters=[strip],
                               validators=[DataRequired(message=_l("Enter a schedule, e.g. 30 2 * * *."))])
    min_won = IntegerField(_l("Won leads needed before a model is trained"),
                           validators=[NumberRange(min=10, max=100000)])
    min_lost = IntegerField(_l("Lost leads needed before a model is trained"),
                            validators=[NumberRange(min=10, max=100000)])
    auc_tolerance = NumberField(_l("A new model may score lower in ROC AUC by at most"),
                                validators=[NumberRange(min=0, max=0.2)])
    ece_tolerance = NumberField(_l("A new model may be worse calibrated (ECE) by at most"),
                                validators=[NumberRange(min=0, max=0.2)])
    holdout_percent = NumberField(_l("Newest closed leads kept aside to compare models (%)"),
                                  validators=[NumberRange(min=5, max=50)])
    snapshot_every_days = IntegerField(_l("Learn from each closed lead as it was every (days of its open life)"),
                                       validators=[NumberRange(min=1, max=365)])
    # "%" comes in as a value: a bare "% c" would read as a format placeholder to the catalogue's checks.
    class_a_percent = NumberField(_l("Class A from (%(percent)s close probability)", percent="%"))
    class_b_percent = NumberField(_l("Class B from (%(percent)s close probability)", percent="%"))
    excluded_fields = MultiCheckboxField(_l("Fields the model never sees"),
                                         choices=choices((f, field_label(f)) for f in EXCLUDABLE_FIELDS))
    candidates = MultiCheckboxField(_l("Model families compared at each retraining"),
                                    choices=choices((c, candidate_label(c)) for c in CANDIDATE_MODELS))

    def validate_retrain_cron(self, field) -> None:
        problem = cron_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_candidates(self, field) -> None:
        if not field.data:  # a validator, not DataRequired: that would mark every box as required
            raise ValidationError(_("Choose at least one model family."))

    def validate_class_b_percent(self, field) -> None:
        if field.data is not None and not 0 < field.data < 100:
            raise ValidationError(_("Enter a percentage above 0 and below 100."))

    def validate_class_a_percent(self, field) -> None:
        if field.data is None:
            return
        if not 0 < field.data < 100:
            raise ValidationError(_("Enter a percentage above 0 and below 100."))
        if self.class_b_percent.data is not None and field.data <= self.class_b_percent.data:
            raise ValidationError(_("Class A must start above class B."))


def _shown(value: float) -> Decimal:
    """0.2 → 0.2, 20.000000000000004 → 20: a stored number as a person would type it."""
    number = Decimal(str(round(value, 4)))
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def scoring_form_data(scoring: dict) -> dict:
    thresholds = scoring["probability_thresholds"]
    return {"retrain_cron": scoring["retrain_cron"], "min_won": scoring["min_won"], "min_lost": scoring["min_lost"],
            "auc_tolerance": _shown(scoring["auc_tolerance"]), "ece_tolerance": _shown(scoring["ece_tolerance"]),
            "holdout_percent": _shown(scoring["holdout_share"] * 100),
            "snapshot_every_days": scoring["snapshot_every_days"],
            "class_a_percent": _shown(thresholds["A"] * 100), "class_b_percent": _shown(thresholds["B"] * 100),
            "excluded_fields": [f for f in scoring["excluded_fields"] if f in EXCLUDABLE_FIELDS],
            "candidates": [c for c in scoring["candidates"] if c in CANDIDATE_MODELS]}


def excluded_elsewhere(scoring: dict) -> list[str]:
    """Stored exclusions this page has no box for (set by hand or by an older version): kept."""
    return [f for f in scoring["excluded_fields"] if f not in EXCLUDABLE_FIELDS]


def scoring_from_form(form: ScoringForm, stored: dict) -> dict:
    """The validated form as the settings' scoring block (fractions, floats, lists in page order)."""
    checked = set(form.excluded_fields.data)
    return {
        **stored,
        "retrain_cron": " ".join(form.retrain_cron.data.split()),
        "min_won": form.min_won.data,
        "min_lost": form.min_lost.data,
        "auc_tolerance": float(form.auc_tolerance.data),
        "ece_tolerance": float(form.ece_tolerance.data),
        "holdout_share": round(float(form.holdout_percent.data) / 100, 6),
        "snapshot_every_days": form.snapshot_every_days.data,
        "probability_thresholds": {"A": round(float(form.class_a_percent.data) / 100, 6),
                                   "B": round(float(form.class_b_percent.data) / 100, 6)},
        "excluded_fields": [f for f in EXCLUDABLE_FIELDS if f in checked] + excluded_elsewhere(stored),
        "candidates": [c for c in CANDIDATE_MODELS if c in set(form.candidates.data)],
    }
