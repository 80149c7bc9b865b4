"""The small labels lists and lead pages show: stage, class, temperature, due time, top factor.

Jinja filters rather than macros, built with f-strings around escaped values and cached where a
label has few distinct values: a list of 50 leads shows five of these per row, and macros or
Markup.format made them the larger part of the page's rendering time.
"""

from functools import lru_cache

from markupsafe import Markup, escape

from webapp.formats import format_money, format_percent
from webapp.models.lead import outcome_of


def humanize(value: str | None) -> str:
    return (value or "").replace("_", " ").capitalize()


@lru_cache(maxsize=64)
def stage_pill(stage: str | None) -> Markup:
    return Markup(f'<span class="pill stage-{escape(stage or "")}">{escape(humanize(stage))}</span>')


@lru_cache(maxsize=16)
def class_badge(abc: str | None) -> Markup:
    return Markup(f'<span class="badge class-{escape(abc)}" title="Class {escape(abc)}">{escape(abc)}</span>') \
        if abc else Markup()


@lru_cache(maxsize=16)
def temperature_pill(temperature: str | None) -> Markup:
    return Markup(f'<span class="pill temp-{escape(temperature)}">{escape(temperature)}</span>') \
        if temperature else Markup()


def due_note(badges: dict) -> Markup:
    """Escalated, overdue by so many hours, or due in so many hours (from presenter.badges)."""
    if badges["escalated"]:
        return Markup('<span class="pill overdue" title="Team leads are alerted">escalated</span>')
    if badges["overdue"]:
        return Markup(f'<span class="pill overdue">overdue {-int(badges["hours_left"])} h</span>')
    if badges["hours_left"] is not None:
        return Markup(f'<span class="pill due">due in {int(badges["hours_left"])} h</span>')
    return Markup()


def top_factor(lead) -> Markup:
    """The strongest factor behind a lead's score: ▲ it raises the probability, ▼ it lowers it."""
    return _factor(lead.top_factor, (lead.top_factor_weight or 0) > 0) if lead.top_factor else Markup()


@lru_cache(maxsize=1024)
def _factor(label: str, raises: bool) -> Markup:
    kind, verb, arrow = ("pro", "Raises", "▲") if raises else ("con", "Lowers", "▼")
    return Markup(f'<span class="factor {kind}" title="{verb} the close probability most">{arrow} {escape(label)}</span>')


@lru_cache(maxsize=8)
def _outcome_pill(outcome: str) -> Markup:
    return Markup(f'<span class="pill outcome-{outcome}" title="Closed: no close probability">{outcome.capitalize()}</span>')


def chance(lead) -> Markup | str:
    """An open lead's stored close probability; a closed lead's outcome instead (it is decided)."""
    outcome = outcome_of(lead.stage)
    if outcome:
        return _outcome_pill(outcome)
    return format_percent(lead.probability)


def lead_class(lead) -> Markup:
    """An open lead's class badge; nothing for a closed lead."""
    return Markup() if outcome_of(lead.stage) else class_badge(lead.abc_class)


def euro(value) -> str:
    return format_money(value, whole=True)


FILTERS = {"chance": chance, "lead_class": lead_class, "stage_pill": stage_pill, "class_badge": class_badge,
           "temperature_pill": temperature_pill, "due_note": due_note, "top_factor": top_factor, "euro": euro}
