"""Offer arithmetic in Decimal, never float. The rounding rule, in one place:

1. A line's net amount is quantity × unit price × (100 − discount %) / 100, computed exactly and
   rounded once, half-up to whole cents (0.005 → 0.01, as a customer checks it by hand; Python's
   default banker's rounding would give 0.00).
2. Tax is computed per tax rate on the sum of that rate's line nets and rounded half-up to cents.
   An invoice states VAT per rate, so rounding the tax of every line would let the stated tax
   drift from rate × net by up to a cent per line.
3. Net total = sum of the line nets; tax total = sum of the per-rate taxes; gross = net + tax.
   So gross always equals net + tax exactly, and every stored amount has two decimals.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from webapp.formats import format_decimal, format_money

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")
# The money columns are NUMERIC(12, 2); a larger amount would fail in the database.
MAX_AMOUNT = Decimal("9999999999.99")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_net(quantity: Decimal, unit_price: Decimal, discount_pct: Decimal = ZERO) -> Decimal:
    return cents(quantity * unit_price * (HUNDRED - discount_pct) / HUNDRED)


@dataclass(frozen=True)
class RateTotal:
    rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Totals:
    net: Decimal
    tax: Decimal
    gross: Decimal
    by_rate: tuple[RateTotal, ...]


def compute_totals(lines: Iterable) -> Totals:
    """Totals of lines with quantity, unit_price, discount_pct and tax_rate (objects or dicts)."""
    net_by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        get = line.get if isinstance(line, dict) else (lambda name, line=line: getattr(line, name))
        rate = Decimal(get("tax_rate"))
        net = line_net(Decimal(get("quantity")), Decimal(get("unit_price")),
                       Decimal(get("discount_pct") or 0))
        net_by_rate[rate] = net_by_rate.get(rate, ZERO) + net
    by_rate = tuple(RateTotal(rate, net, cents(net * rate / HUNDRED))
                    for rate, net in sorted(net_by_rate.items()))
    net = sum((r.net for r in by_rate), ZERO)
    tax = sum((r.tax for r in by_rate), ZERO)
    return Totals(net=net, tax=tax, gross=net + tax, by_rate=by_rate)


def expected_value(value: Decimal, probability: float | None) -> Decimal | None:
    """Value weighted by the close probability; the float probability enters as its decimal text."""
    if probability is None:
        return None
    return cents(value * Decimal(str(probability)))


def format_amount(value: Decimal | None) -> str:
    """In the reader's language: de 1.234,56 €, en €1,234.56."""
    return format_money(value)


def format_number(value: Decimal | None) -> str:
    """2.000 → 2, 2.500 → 2.5 (de 2,5), 1500 → 1,500 (de 1.500): quantities and percentages without noise."""
    return format_decimal(value)
