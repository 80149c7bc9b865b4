"""Read a form out of a page the way a browser would submit it unchanged (tests and the soak run)."""

from html.parser import HTMLParser


def form_fields(page: str, action: str, page_url: str | None = None) -> dict[str, str]:
    """Name → value of every field of the form posting to `action` (hidden ones included); a form
    without an action attribute posts to the page it is on, `page_url`."""
    parser = _FormFields(action, page_url)
    parser.feed(page)
    return parser.fields


class _FormFields(HTMLParser):
    """The fields of the form posting to `action`, as the browser would send them unchanged."""

    def __init__(self, action: str, page_url: str | None):
        super().__init__()
        self.action, self.page_url, self.inside, self.fields = action, page_url, False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action", self.page_url) == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "checkbox", "radio"):
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a and a.get("name"):
            self.fields[a["name"]] = a.get("value") or "y"
        elif tag == "select":
            self._select = a.get("name")
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.inside:
            self.fields[self._textarea] += data
