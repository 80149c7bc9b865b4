"""What a printed offer shows, gathered once for both the HTML print view and the PDF.

It is written in the contact's language (webapp.i18n.document_language): render it inside
`flask_babel.force_locale(doc.language)`, so its words, money and dates follow the customer, not
the user who prints it.
"""

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from webapp.formats import as_local
from webapp.i18n import document_language
from webapp.models import Offer
from webapp.offers.money import Totals, compute_totals
from webapp.settings.defaults import DEFAULTS
from webapp.settings.services import get_settings

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK_COLOUR = "#1f4e79"


@dataclass(frozen=True)
class Company:
    name: str
    logo_text: str
    colour: str
    address: list[str]
    contact: str
    bank: list[str]
    tax_id: str

    @property
    def rgb(self) -> tuple[int, int, int]:
        return tuple(int(self.colour[i:i + 2], 16) for i in (1, 3, 5))


@dataclass(frozen=True)
class OfferDocument:
    offer: Offer
    company: Company
    recipient: list[str]
    dated: date
    totals: Totals
    language: str

    @property
    def title(self) -> str:
        if self.offer.revision > 1:
            return _("Offer %(number)s (revision %(revision)s)", number=self.offer.number,
                     revision=self.offer.revision)
        return _("Offer %(number)s", number=self.offer.number)

    @property
    def terms(self) -> str | None:
        """The offer's terms; the untouched default ones in the document's language."""
        if self.offer.terms == DEFAULTS["offers"]["terms"]:
            return _("Payment within 14 days of invoice, net. Prices plus statutory VAT.")
        return self.offer.terms


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def company() -> Company:
    stored = get_settings()["company"]
    colour = stored.get("colour") or ""
    return Company(name=stored.get("name") or "", logo_text=stored.get("logo_text") or "",
                   colour=colour if HEX_COLOUR.match(colour) else FALLBACK_COLOUR,
                   address=_lines(stored.get("address")), contact=stored.get("contact") or "",
                   bank=_lines(stored.get("bank")), tax_id=stored.get("tax_id") or "")


def recipient(offer: Offer) -> list[str]:
    contact = offer.lead.contact
    place = contact.organization if contact.organization and contact.organization.street else contact
    lines = [contact.organization.name] if contact.organization else []
    lines.append(" ".join(p for p in (contact.salutation, contact.first_name, contact.last_name) if p))
    lines += [p for p in (place.street, " ".join(x for x in (place.postal_code, place.city) if x),
                          place.country) if p]
    return lines


def offer_document(offer: Offer) -> OfferDocument:
    dated = as_local(offer.sent_at or offer.created_at).date()  # the day in the company's zone
    return OfferDocument(offer=offer, company=company(), recipient=recipient(offer), dated=dated,
                         totals=compute_totals(offer.lines), language=document_language(offer.lead.contact))
