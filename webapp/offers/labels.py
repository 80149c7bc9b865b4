"""The words people read for an offer's or invoice's status and a lead's stage.

Stored values stay English codes; these map them to a label in the reader's language. A label
stands alone (a pill, a list column); a word sits inside a sentence ("Offer A-2026-0001 is
sent; …"), lower case in English as those messages have always read.
"""

from flask_babel import lazy_gettext as _l

from webapp.pills import humanize

OFFER_STATUS = {"draft": _l("Draft"), "sent": _l("Sent"), "accepted": _l("Accepted"),
                "rejected": _l("Rejected"), "expired": _l("Expired"),
                "withdrawn": _l("Withdrawn")}
OFFER_STATUS_WORD = {"draft": _l("draft"), "sent": _l("sent"), "accepted": _l("accepted"),
                     "rejected": _l("rejected"), "expired": _l("expired"),
                     "withdrawn": _l("withdrawn")}
INVOICE_STATUS = {"open": _l("Open"), "partly_paid": _l("Partly paid"), "paid": _l("Paid"),
                  "cancelled": _l("Cancelled")}
INVOICE_STATUS_WORD = {"open": _l("open"), "partly_paid": _l("partly paid"), "paid": _l("paid"),
                       "cancelled": _l("cancelled")}
INVOICE_FILTERS = {"open": _l("Open"), "overdue": _l("Overdue"), "paid": _l("Paid"), "all": _l("All")}
# The fields of an offer line, inside a sentence ("fill in: unit price, tax rate").
LINE_FIELD_WORD = {"description": _l("description"), "quantity": _l("quantity"), "unit_price": _l("unit price"),
                   "tax_rate": _l("tax rate")}


def _label(labels: dict, value) -> str:
    return str(labels.get(value) or humanize(value))


def _word(words: dict, value) -> str:
    return str(words.get(value) or (value or "").replace("_", " "))


def offer_status(value) -> str:
    return _label(OFFER_STATUS, value)


def offer_status_word(value) -> str:
    return _word(OFFER_STATUS_WORD, value)


def invoice_status(value) -> str:
    return _label(INVOICE_STATUS, value)


def invoice_status_word(value) -> str:
    return _word(INVOICE_STATUS_WORD, value)


def invoice_filter(value) -> str:
    return _label(INVOICE_FILTERS, value)


def line_field_word(name: str) -> str:
    return _word(LINE_FIELD_WORD, name)

