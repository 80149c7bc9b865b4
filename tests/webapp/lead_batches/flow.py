"""Going through the pages as a browser would: the preview form's fields, read back and submitted."""

from html.parser import HTMLParser

FORM_ID = "batch-form"


class _Fields(HTMLParser):
    """Every (name, value) the batch form sends unchanged: hidden and text inputs, selected options."""

    def __init__(self):
        super().__init__()
        self.inside, self.select, self.pairs = False, None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == FORM_ID
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") in ("hidden", "text"):
            self.pairs.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.pairs.append((self.select, a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def preview_fields(page: str) -> list[tuple[str, str]]:
    parser = _Fields()
    parser.feed(page)
    return parser.pairs


def as_form(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


def preview(client, data: dict):
    """POST the preview; the response and the fields its "Create" button would send."""
    response = client.post("/lead-batches/preview", data=data)
    return response, as_form(preview_fields(response.get_data(as_text=True)))


def mark_members(client, campaign_id: int, member_ids=None, **options):
    """From the campaign page: preview all members (or the ticked ones) and create the leads."""
    data = {"members_of": campaign_id, "scope": "all" if member_ids is None else "ticked",
            "member_ids": member_ids or [], **options}
    response, fields = preview(client, data)
    assert response.status_code == 200, response.get_data(as_text=True)
    return client.post("/lead-batches/create", data=fields)
