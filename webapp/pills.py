"""The small labels lists and lead pages show: stage, class, temperature, due time, top factor.

Jinja filters rather than macros, built with f-strings around escaped values and cached where a
label has few distinct values: a list of 50 leads shows five of these per row, and macros or
Markup.format made them the larger part of the page's rendering time. The caches are keyed by
the language too: the same stage reads differently for a German and an English user. Each filter
takes the page's language first; templates call it without (`{{ lead.stage|stage_pill }}`).
"""

from functools import lru_cache, wraps

from flask_babel import get_locale
from flask_babel import gettext as _
from jinja2 import pass_eval_context
from markupsafe import Markup, escape

from webapp import labels
from webapp.activity_text import activity_body, activity_subject, reason_text
from webapp.formats import format_money, format_percent
from webapp.labels import humanize
from webapp.models.lead import outcome_of

__all__ = ["FILTERS", "humanize"]


def _language() -> str:
    locale = get_locale()
    return str(locale) if locale is not None else ""


def _page_language(eval_ctx) -> str:
    """The language, looked up once per rendered template: a list of 50 leads asks 300 times,
    and each lookup through Flask-Babel costs as much as building a pill."""
    try:
        return eval_ctx.leadflow_language
    except AttributeError:
        eval_ctx.leadflow_language = language = _language()
        return language


def _filter(function):
    """function(language, value, ...) as a filter called with the value only."""
    @pass_eval_context
    @wraps(function)
    def with_language(eval_ctx, *args):
        return function(_page_language(eval_ctx), *args)
    return with_language


@lru_cache(maxsize=64)
def stage_pill(language: str, stage: str | None) -> Markup:
    return Markup(f'<span class="pill stage-{escape(stage or "")}">{escape(labels.stage_label(stage))}</span>')


def class_badge(language: str, abc: str | None) -> Markup:
    return _class_badge(language, abc) if abc else Markup()


@lru_cache(maxsize=32)
def _class_badge(language: str, abc: str) -> Markup:
    title = _("Class %(abc)s", abc=abc)
    return Markup(f'<span class="badge class-{escape(abc)}" title="{escape(title)}">{escape(abc)}</span>')


@lru_cache(maxsize=32)
def temperature_pill(language: str, temperature: str | None) -> Markup:
    if not temperature:
        return Markup()
    label = labels.temperature_label(temperature)
    return Markup(f'<span class="pill temp-{escape(temperature)}">{escape(label)}</span>')


def due_note(language: str, badges: dict) -> Markup:
    """Escalated, overdue by so many hours, or due in so many hours (from presenter.badges)."""
    if badges["escalated"]:
        return _escalated_pill(language)
    if badges["overdue"]:
        text = _due_words(language)[0] % {"hours": -int(badges["hours_left"])}
        return Markup(f'<span class="pill overdue">{escape(text)}</span>')
    if badges["hours_left"] is not None:
        text = _due_words(language)[1] % {"hours": int(badges["hours_left"])}
        return Markup(f'<span class="pill due">{escape(text)}</span>')
    return Markup()


@lru_cache(maxsize=16)
def _escalated_pill(language: str) -> Markup:
    title, text = _("Team leads are alerted"), _("escalated")
    return Markup(f'<span class="pill overdue" title="{escape(title)}">{escape(text)}</span>')


@lru_cache(maxsize=16)
def _due_words(language: str) -> tuple[str, str]:
    # Without variables gettext leaves the placeholder for the caller to fill.
    return _("overdue %(hours)s h"), _("due in %(hours)s h")


def top_factor(language: str, lead) -> Markup:
    """The strongest factor behind a lead's score: ▲ it raises the probability, ▼ it lowers it."""
    if not lead.top_factor:
        return Markup()
    return _factor(language, lead.top_factor, (lead.top_factor_weight or 0) > 0)


@lru_cache(maxsize=1024)
def _factor(language: str, label: str, raises: bool) -> Markup:
    if raises:
        kind, title, arrow = "pro", _("Raises the close probability most"), "▲"
    else:
        kind, title, arrow = "con", _("Lowers the close probability most"), "▼"
    text = labels.factor_text(label)
    return Markup(f'<span class="factor {kind}" title="{escape(title)}">{arrow} {escape(text)}</span>')


@lru_cache(maxsize=16)
def _outcome_pill(language: str, outcome: str) -> Markup:
    title = _("Closed: no close probability")
    return Markup(f'<span class="pill outcome-{outcome}" title="{escape(title)}">'
                  f'{escape(labels.outcome_label(outcome))}</span>')


def chance(language: str, lead) -> Markup | str:
    """An open lead's stored close probability; a closed lead's outcome instead (it is decided)."""
    outcome = outcome_of(lead.stage)
    if outcome:
        return _outcome_pill(language, outcome)
    return format_percent(lead.probability)


def lead_class(language: str, lead) -> Markup:
    """An open lead's class badge; nothing for a closed lead."""
    return Markup() if outcome_of(lead.stage) else class_badge(language, lead.abc_class)


def euro(value) -> str:
    return format_money(value, whole=True)


def _label(function):
    """A label of a stored code, cached by language: a list shows the same few codes on every row."""
    cached = lru_cache(maxsize=256)(lambda language, *args: function(*args))
    return _filter(cached)


# Labels of stored codes, for templates: {{ lead.source|source_label }}, {{ answer|bant_answer(question) }}.
LABELS = {name: _label(function) for name, function in {
    "stage_label": labels.stage_label, "source_label": labels.source_label,
    "temperature_choice": labels.temperature_choice, "reaction_label": labels.reaction_label,
    "bant_question": labels.bant_question, "bant_answer": labels.bant_answer,
    "activity_kind": labels.activity_kind, "salutation": labels.salutation, "role_label": labels.role_label, "lead_field": labels.lead_field,
    "channel_label": labels.channel_label, "campaign_status": labels.campaign_status,
    "member_status": labels.member_status, "material_kind": labels.material_kind,
    "factor_text": labels.factor_text, "reason_text": reason_text}.items()}
LABELS.update(activity_subject=activity_subject, activity_body=activity_body)

PILLS = {"chance": chance, "lead_class": lead_class, "stage_pill": stage_pill, "class_badge": class_badge,
         "temperature_pill": temperature_pill, "due_note": due_note, "top_factor": top_factor}

FILTERS = {**{name: _filter(function) for name, function in PILLS.items()}, "euro": euro, **LABELS}
