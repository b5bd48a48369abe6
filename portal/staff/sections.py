"""The typed pieces of a staff-dashboard section (what a pillar's `dashboard` provider returns), and the period and
region filters every provider applies, so the five sections count "in this period, in this region" the same way.

A provider (see portal.pillars and portal.staff.dashboard) returns:

    Section(
        title=_("Jobs"),
        figures=[Figure(_("Positions published"), 120), ...],             # headline numbers
        charts=[Chart("jobs-funnel", "bar", _("Application funnel"), labels=[...], data=[300, 80, 41])],
        table=Table("jobs-fairs", _("Job fairs"), columns=[...], rows=[[...], ...]),    # or None
    )

Labels are translated already (gettext); values are plain int/float/Decimal/str. Sections are cached (pickled), so
they hold data only, never querysets.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

Number = int | float | Decimal


@dataclass(frozen=True)
class Figure:
    """A headline number. `unit` "CNY" shows it as money (¥1,234.50), "%" as a share; `link` is the list behind it
    (the drill-down); `previous` is the same figure over the previous period of equal length, when one was chosen."""

    label: str
    value: Number | str
    unit: str = ""
    link: str = ""
    previous: Number | str | None = None

    @property
    def change(self) -> float | None:
        """Percentage change on the previous period; None when there is nothing to compare with."""
        if not isinstance(self.value, Number) or not isinstance(self.previous, Number) or not self.previous:
            return None
        return round(100 * (float(self.value) - float(self.previous)) / float(self.previous), 1)

    @property
    def change_size(self) -> float | None:
        change = self.change
        return None if change is None else abs(change)


@dataclass
class Chart:
    """A Chart.js chart (type: bar, line, pie, doughnut), also rendered as an accessible table of (label, value)."""

    id: str
    type: str
    title: str
    labels: list
    data: list[Number]
    link: str = ""  # the list behind the chart (the drill-down)

    @classmethod
    def by_choice(cls, *, id: str, type: str, title: str, choices, counts: dict, link: str = "") -> "Chart":
        """One bar or slice per choice of a model's `choices` (in their order), its count from `counts` or 0."""
        return cls(
            id=id,
            type=type,
            title=title,
            labels=[str(label) for _value, label in choices],
            data=[counts.get(value, 0) for value, _label in choices],
            link=link,
        )

    def __post_init__(self):
        # Chart.js and json_script take numbers, not Decimal.
        self.data = [value if isinstance(value, int) else float(value) for value in self.data]

    @property
    def rows(self) -> list[list]:
        return [[str(label), value] for label, value in zip(self.labels, self.data, strict=False)]

    def as_json(self) -> dict:
        """What the page's script draws (portal/static/staff/dashboard.js)."""
        labels = [str(label) for label in self.labels]
        return {"id": self.id, "type": self.type, "title": str(self.title), "labels": labels, "data": self.data}


def previous_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of the same length just before [start, end] (both inclusive)."""
    length = end - start + datetime.timedelta(days=1)
    return start - length, start - datetime.timedelta(days=1)


@dataclass
class Table:
    id: str
    caption: str
    columns: list[str]
    rows: list[list]


@dataclass
class Section:
    title: str
    figures: list[Figure]
    charts: list[Chart] = field(default_factory=list)
    table: Table | None = None


def in_period(field_name: str, start: datetime.date | None, end: datetime.date | None, *, is_date=False) -> Q:
    """Rows whose `field_name` falls between start and end, both inclusive, on the local calendar day (a datetime
    field), or on the date itself (`is_date=True`). None on either side leaves that side open."""
    lookup = field_name if is_date else f"{field_name}__date"
    q = Q()
    if start:
        q &= Q(**{f"{lookup}__gte": start})
    if end:
        q &= Q(**{f"{lookup}__lte": end})
    return q


def in_region(field_name: str, region) -> Q:
    """Rows whose `field_name` (a foreign key to portal.Region) is the region or inside it; everything for None."""
    return Q(**{f"{field_name}__code__startswith": region.code_prefix}) if region is not None else Q()
