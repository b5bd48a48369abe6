"""Hand-computed checks of the interest subsidy rules and the trimmed-mean ranking."""

from decimal import Decimal

import pytest

from entrepreneurship.models import LoanProduct
from entrepreneurship.services.competitions import trimmed_mean
from entrepreneurship.services.subsidy import subsidy_amount

Rule = LoanProduct.SubsidyRule


@pytest.mark.parametrize(
    ("principal", "rate", "term", "cap", "expected"),
    [
        # 200000 × 3.45% × 36/12 = 20700.00 → capped at 15000
        ("200000", "3.450", 36, "15000", "15000.00"),
        # 100000 × 3.45% × 24/12 = 6900.00 (below the cap)
        ("100000", "3.450", 24, "15000", "6900.00"),
        # 123457 × 3.85% × 17/12 = 6733.550541… → 6733.55
        ("123457", "3.850", 17, "100000", "6733.55"),
        # 50001 × 4.35% × 7/12 = 1268.775375 → 1268.78 (half-up at the fen)
        ("50001", "4.350", 7, "100000", "1268.78"),
    ],
)
def test_full_subsidy_up_to_cap(principal, rate, term, cap, expected):
    value = subsidy_amount(
        rule=Rule.FULL_CAPPED, principal=Decimal(principal), annual_rate=Decimal(rate), term_months=term, cap=cap
    )
    assert value == Decimal(expected)


@pytest.mark.parametrize(
    ("principal", "rate", "term", "percent", "years", "expected"),
    [
        # 150000 × 4.35% × 24/12 × 50% = 6525.00 (only the first 2 of 3 years)
        ("150000", "4.350", 36, "50", 2, "6525.00"),
        # term shorter than the subsidized years: 80000 × 3.65% × 18/12 × 50% = 2190.00
        ("80000", "3.650", 18, "50", 3, "2190.00"),
        # 33333 × 3.45% × 12/12 = 1149.9885; × 33.33% = 383.29117… → 383.29
        ("33333", "3.450", 60, "33.33", 1, "383.29"),
    ],
)
def test_percentage_of_interest_for_first_years(principal, rate, term, percent, years, expected):
    value = subsidy_amount(
        rule=Rule.PERCENT_YEARS,
        principal=Decimal(principal),
        annual_rate=Decimal(rate),
        term_months=term,
        percent=Decimal(percent),
        years=years,
    )
    assert value == Decimal(expected)


def test_no_subsidy_rule_pays_nothing():
    assert subsidy_amount(rule=Rule.NONE, principal=Decimal(1000), annual_rate=Decimal(5), term_months=12) == Decimal(
        "0.00"
    )


def test_trimmed_mean_drops_highest_and_lowest_from_three_or_more():
    # (80 + 85) / 2 = 82.50, 60 and 95 dropped
    assert trimmed_mean([Decimal(95), Decimal(80), Decimal(60), Decimal(85)]) == Decimal("82.50")
    # three judges: only the middle one counts
    assert trimmed_mean([Decimal("70.10"), Decimal("90"), Decimal("75.55")]) == Decimal("75.55")


def test_trimmed_mean_keeps_all_with_fewer_than_three():
    assert trimmed_mean([Decimal("70.01"), Decimal("80.00")]) == Decimal("75.01")  # 75.005 rounds half-up
    assert trimmed_mean([Decimal("66.67")]) == Decimal("66.67")
