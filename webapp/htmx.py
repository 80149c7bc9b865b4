"""The one rule for answering an htmx request with a fragment instead of a page."""

from flask import make_response, render_template, request


def is_partial(target: str | None = None) -> bool:
    """True for a real htmx swap: not a boosted navigation, not a history restore.

    When `target` is given, the request must also aim at that element id.
    """
    if request.headers.get("HX-Request") != "true":
        return False
    if request.headers.get("HX-Boosted") or request.headers.get("HX-History-Restore-Request"):
        return False
    return target is None or request.headers.get("HX-Target") == target


def render(page: str, partial: str, /, *, target: str | None = None, status: int = 200, **context):
    """Render the partial for an htmx swap, else the full page; both vary on HX-Request."""
    template = partial if is_partial(target) else page
    response = make_response(render_template(template, **context), status)
    response.headers.add("Vary", "HX-Request")
    return response


def trigger(response, event: str):
    """Tell the page that something changed, so other regions can refresh themselves."""
    existing = response.headers.get("HX-Trigger")
    response.headers["HX-Trigger"] = f"{existing}, {event}" if existing else event
    return response
