"""Interest subsidy (贴息) on startup loans, computed with Decimal and rounded half-up to the fen (0.01 yuan).

Interest is simple interest on the disbursed principal (as the subsidy schemes compute it, no compounding):
    interest(months) = principal × annual_rate% / 100 × months / 12

Rules:
- FULL_CAPPED ("full interest subsidy up to a cap"): the subsidy pays all interest over the loan term, but at
  most `subsidy_cap` yuan in total:  min(interest(term), cap).
- PERCENT_YEARS ("a percentage of the interest for the first N years"): the subsidy pays `subsidy_percent`% of the
  interest accrued during the first `subsidy_years` years of the term:
      interest(min(term, 12 × years)) × percent / 100
- NONE: 0.

Only the final result is rounded (intermediate products stay exact Decimals).
"""

from decimal import ROUND_HALF_UP, Decimal

from entrepreneurship.models import LoanProduct

FEN = Decimal("0.01")


def interest(principal: Decimal, annual_rate_percent: Decimal, months: int) -> Decimal:
    return Decimal(principal) * Decimal(annual_rate_percent) / 100 * months / 12


def subsidy_amount(*, rule: str, principal, annual_rate, term_months: int, cap=None, percent=None, years=None):
    Rule = LoanProduct.SubsidyRule
    if rule == Rule.FULL_CAPPED:
        value = min(interest(principal, annual_rate, term_months), Decimal(cap))
    elif rule == Rule.PERCENT_YEARS:
        months = min(term_months, 12 * int(years))
        value = interest(principal, annual_rate, months) * Decimal(percent) / 100
    else:
        value = Decimal(0)
    return value.quantize(FEN, ROUND_HALF_UP)


def subsidy_for(product, principal, term_months: int) -> Decimal:
    return subsidy_amount(
        rule=product.subsidy_rule,
        principal=principal,
        annual_rate=product.annual_rate,
        term_months=term_months,
        cap=product.subsidy_cap,
        percent=product.subsidy_percent,
        years=product.subsidy_years,
    )
