"""Repayment schedules and quarterly interest-subsidy settlements, in Decimal, each amount rounded half-up to the fen.

Schedule (monthly, instalment k due k months after the loan start, on the same day or the month's last day):
- monthly rate r = annual rate % / 100 / 12; each month's interest = balance × r, rounded to the fen;
- equal instalments (等额本息): payment = P·r·(1+r)^n / ((1+r)^n − 1), rounded to the fen (P / n when r = 0);
  principal = payment − interest; the last instalment repays the whole remaining balance (its payment absorbs
  the rounding), so the principal always sums to P exactly;
- interest only (先息后本): interest every month, the whole principal with the last instalment.

Settlement: the instalments are grouped by the calendar quarter of their due date; each quarter's subsidy applies
the product's rule (entrepreneurship.services.subsidy) to the interest due in that quarter:
- FULL_CAPPED: all of it, until the cap over the whole loan is reached (the quarter that reaches it gets the rest);
- PERCENT_YEARS: percent % of the interest of instalments within the first 12 × years months, rounded per quarter;
- NONE: no settlement.
Quarters with no subsidy get no settlement row. The loan's `subsidy_due` is the sum of its settlements.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from entrepreneurship.models.loans import LoanProduct, RepaymentMethod
from entrepreneurship.services.subsidy import FEN


def fen(value: Decimal) -> Decimal:
    return Decimal(value).quantize(FEN, ROUND_HALF_UP)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Instalment:
    number: int
    due_date: datetime.date
    principal: Decimal
    interest: Decimal
    payment: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Settlement:
    quarter: str
    period_start: datetime.date
    period_end: datetime.date
    interest: Decimal
    subsidy: Decimal


def repayment_schedule(*, principal, annual_rate, months: int, start: datetime.date, method: str) -> list[Instalment]:
    principal, rate = Decimal(principal), Decimal(annual_rate) / 100 / 12
    if method == RepaymentMethod.EQUAL_INSTALMENTS:
        if rate:
            growth = (1 + rate) ** months
            payment = fen(principal * rate * growth / (growth - 1))
        else:
            payment = fen(principal / months)
    elif method != RepaymentMethod.INTEREST_ONLY:
        raise ValueError(f"unknown repayment method {method!r}")
    balance, rows = principal, []
    for number in range(1, months + 1):
        interest = fen(balance * rate)
        if number == months:
            part = balance
        elif method == RepaymentMethod.EQUAL_INSTALMENTS:
            part = min(payment - interest, balance)
        else:
            part = Decimal("0.00")
        balance -= part
        rows.append(
            Instalment(number, add_months(start, number), fen(part), interest, fen(part + interest), fen(balance))
        )
    return rows


def _quarter_of(day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    q = (day.month - 1) // 3
    start = datetime.date(day.year, 3 * q + 1, 1)
    end = add_months(start, 3) - datetime.timedelta(days=1)
    return f"{day.year}-Q{q + 1}", start, end


def quarterly_settlements(*, schedule: list[Instalment], product) -> list[Settlement]:
    Rule = LoanProduct.SubsidyRule
    if product.subsidy_rule not in (Rule.FULL_CAPPED, Rule.PERCENT_YEARS):
        return []
    quarters: dict[str, list] = {}
    for row in schedule:
        eligible = product.subsidy_rule == Rule.FULL_CAPPED or row.number <= 12 * int(product.subsidy_years)
        key, start, end = _quarter_of(row.due_date)
        bucket = quarters.setdefault(key, [start, end, Decimal(0), Decimal(0)])
        bucket[2] += row.interest
        if eligible:
            bucket[3] += row.interest
    settlements, paid = [], Decimal(0)
    for key, (start, end, interest, eligible) in quarters.items():
        if product.subsidy_rule == Rule.FULL_CAPPED:
            subsidy = fen(max(min(eligible, Decimal(product.subsidy_cap) - paid), Decimal(0)))
        else:
            subsidy = fen(eligible * Decimal(product.subsidy_percent) / 100)
        paid += subsidy
        if subsidy > 0:
            settlements.append(Settlement(key, start, end, fen(interest), subsidy))
    return settlements
