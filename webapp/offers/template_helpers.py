"""Filters and helpers the lead page and the queue use to show offers without knowing their rules."""

from webapp.offers import bp, labels, services
from webapp.offers.money import format_amount, format_number, line_net


@bp.app_template_filter("money")
def money_filter(value) -> str:
    return format_amount(value)


@bp.app_template_filter("qty")
def qty_filter(value) -> str:
    return format_number(value)


@bp.app_template_global()
def lead_offers(lead) -> list:
    return services.offers_of_lead(lead)


@bp.app_template_global()
def may_offer_on(user, lead) -> bool:
    return services.may_offer_on(user, lead)


@bp.app_template_global()
def unanswered_offers(user) -> list:
    return services.unanswered_offers(user)


@bp.app_template_global("line_net")
def line_net_global(line):
    return line_net(line.quantity, line.unit_price, line.discount_pct)


bp.add_app_template_filter(labels.offer_status, "offer_status")
bp.add_app_template_filter(labels.invoice_status, "invoice_status")
bp.add_app_template_filter(labels.invoice_filter, "invoice_filter")
