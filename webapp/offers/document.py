"""What a printed offer shows, gathered once for both the HTML print view and the PDF."""

import re
from dataclasses import dataclass
from datetime import date

from webapp.models import Offer
from webapp.offers.money import Totals, compute_totals
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
    title: str
    totals: Totals


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
    dated = (offer.sent_at or offer.created_at).date()
    title = f"Offer {offer.number}" + (f" (revision {offer.revision})" if offer.revision > 1 else "")
    return OfferDocument(offer=offer, company=company(), recipient=recipient(offer), dated=dated,
                         title=title, totals=compute_totals(offer.lines))
