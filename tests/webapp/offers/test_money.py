"""Offer totals: exact Decimal arithmetic, half-up to cents per line, tax per rate."""

import math
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from webapp.offers.money import (
    CENT,
    compute_totals,
    expected_value,
    format_amount,
    format_number,
    line_net,
)

D = Decimal
quantities = st.decimals(min_value=D("0.001"), max_value=D("100000"), places=3)
prices = st.decimals(min_value=D("0"), max_value=D("1000000"), places=2)
discounts = st.decimals(min_value=D("0"), max_value=D("100"), places=2)
rates = st.sampled_from([D("0"), D("7"), D("19"), D("7.7"), D("20"), D("25.5")])
lines = st.lists(st.fixed_dictionaries({"quantity": quantities, "unit_price": prices,
                                        "discount_pct": discounts, "tax_rate": rates}), max_size=12)


def _exact_net(line) -> Decimal:
    return line["quantity"] * line["unit_price"] * (100 - line["discount_pct"]) / 100


@given(lines)
def test_every_amount_has_cents_and_gross_is_net_plus_tax(items):
    totals = compute_totals(items)
    for amount in (totals.net, totals.tax, totals.gross):
        assert amount == amount.quantize(CENT)
    assert totals.gross == totals.net + totals.tax
    assert totals.net == sum((r.net for r in totals.by_rate), D(0))
    assert totals.tax == sum((r.tax for r in totals.by_rate), D(0))


@given(lines)
def test_each_line_is_rounded_once_by_at_most_half_a_cent(items):
    totals = compute_totals(items)
    for item in items:
        assert abs(line_net(item["quantity"], item["unit_price"], item["discount_pct"]) - _exact_net(item)) <= D("0.005")
    assert totals.net == sum((line_net(i["quantity"], i["unit_price"], i["discount_pct"]) for i in items), D(0))


@given(lines)
def test_tax_per_rate_is_within_half_a_cent_of_rate_times_net(items):
    for rate_total in compute_totals(items).by_rate:
        assert abs(rate_total.tax - rate_total.net * rate_total.rate / 100) <= D("0.005")


@given(lines, st.randoms())
def test_line_order_does_not_change_the_totals(items, rng):
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert compute_totals(shuffled) == compute_totals(items)


@given(quantities, prices, rates)
@example(D("1"), D("0.01"), D("19"))
def test_a_full_discount_costs_nothing(quantity, price, rate):
    assert compute_totals([{"quantity": quantity, "unit_price": price, "discount_pct": D(100),
                            "tax_rate": rate}]).gross == D("0.00")


@pytest.mark.parametrize("quantity,price,discount,expected", [
    ("0.5", "0.01", "0", "0.01"),        # 0.005 rounds up, not to the even 0.00
    ("1.5", "0.01", "0", "0.02"),        # 0.015 → 0.02
    ("2.5", "0.01", "0", "0.03"),        # 0.025 → 0.03 (banker's rounding would give 0.02)
    ("3", "33.33", "0", "99.99"),
    ("1", "99.99", "33.33", "66.66"),    # 66.663333 → 66.66
    ("0.001", "1.00", "0", "0.00"),      # 0.001 is below half a cent
    ("7", "0.15", "50", "0.53"),         # 0.525 → 0.53
])
def test_line_rounding_edge_cases(quantity, price, discount, expected):
    assert line_net(D(quantity), D(price), D(discount)) == D(expected)


def test_tax_is_rounded_per_rate_on_the_summed_net():
    # Three lines of 0.10 at 19 %: per line 0.019 → 0.02 each = 0.06; on the sum 0.30 × 19 % = 0.057 → 0.06.
    # Ten lines of 0.05 at 7 %: per line 0.0035 → 0.00 each; on the sum 0.50 × 7 % = 0.035 → 0.04.
    items = [{"quantity": D(1), "unit_price": D("0.10"), "discount_pct": D(0), "tax_rate": D(19)}] * 3
    items += [{"quantity": D(1), "unit_price": D("0.05"), "discount_pct": D(0), "tax_rate": D(7)}] * 10
    totals = compute_totals(items)
    assert [(r.rate, r.net, r.tax) for r in totals.by_rate] == [(D(7), D("0.50"), D("0.04")),
                                                                (D(19), D("0.30"), D("0.06"))]
    assert (totals.net, totals.tax, totals.gross) == (D("0.80"), D("0.10"), D("0.90"))


def test_no_lines_give_zero_totals():
    totals = compute_totals([])
    assert (totals.net, totals.tax, totals.gross, totals.by_rate) == (D("0.00"), D("0.00"), D("0.00"), ())


def test_expected_value_uses_the_probability_without_float_noise():
    assert expected_value(D("1000.00"), 0.35) == D("350.00")
    assert expected_value(D("0.05"), 0.5) == D("0.03")  # 0.025 half-up
    assert expected_value(D("100.00"), None) is None


@pytest.mark.parametrize("value,text", [("2.000", "2"), ("2.500", "2.5"), ("1500", "1,500"), ("19.00", "19"),
                                        ("7.70", "7.7"), ("0.001", "0.001")])
def test_quantities_print_without_noise(value, text):
    assert format_number(D(value)) == text


def test_an_empty_quantity_prints_as_nothing():
    assert format_number(None) == ""
    assert format_amount(None) == ""
    assert format_amount(D("1234.5")) == "€1,234.50"


@given(lines)
def test_offer_lines_add_up_like_the_same_lines_typed_in_a_form(items):
    """compute_totals takes the saved lines of an offer (objects) as well as form rows (dicts)."""
    saved = [SimpleNamespace(**item) for item in items]
    assert compute_totals(saved) == compute_totals(items)
    assert compute_totals([SimpleNamespace(quantity=D(3), unit_price=D("9.99"), discount_pct=None,
                                           tax_rate=D(19))]).gross == D("35.66")


def _half_up_cents(value: Fraction) -> Fraction:
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


@given(lines)
def test_totals_are_what_a_customer_gets_by_hand(items):
    """The rule in money.py's docstring, worked out in exact fractions: each line rounded half-up,
    tax per rate on the rate's summed net, rounded half-up. (The demo's offers are held to the
    same figures in tests/webapp/demo.)"""
    net_by_rate: dict[Fraction, Fraction] = {}
    for item in items:
        exact = Fraction(item["quantity"]) * Fraction(item["unit_price"]) * (100 - Fraction(item["discount_pct"])) / 100
        rate = Fraction(item["tax_rate"])
        net_by_rate[rate] = net_by_rate.get(rate, Fraction(0)) + _half_up_cents(exact)
    tax = {rate: _half_up_cents(net * rate / 100) for rate, net in net_by_rate.items()}
    totals = compute_totals(items)
    assert [(Fraction(r.rate), Fraction(r.net), Fraction(r.tax)) for r in totals.by_rate] == [
        (rate, net_by_rate[rate], tax[rate]) for rate in sorted(net_by_rate)]
    assert Fraction(totals.net) == sum(net_by_rate.values(), Fraction(0))
    assert Fraction(totals.tax) == sum(tax.values(), Fraction(0))
