"""The staff dashboard (一图研判): one section per app, computed by aggregate queries, cached briefly.

Contract for pillar apps — name the provider as `dashboard` in `<app>/pillar.py` (see portal.pillars); by
convention it is `<app>.selectors.dashboard_figures`:

    def dashboard_figures(*, region=None, start=None, end=None) -> dict:
        ...

- `region`: a portal.models.Region or None (whole country); count rows whose region is the region or inside it:
  `Region.objects.within(region)` (or `<fk>__code__startswith=region.code_prefix`).
- `start`, `end`: datetime.date or None, both inclusive; filter on the date the counted event happened.
- Return (labels already translated with gettext; values plain int/float/Decimal/str):

    {
        "title": "Jobs",                                   # section heading
        "figures": [{"label": "Positions published", "value": 120}, ...],    # headline numbers
        "charts": [                                        # optional; each also rendered as an accessible table
            {"id": "jobs-funnel", "type": "bar",          # Chart.js type: bar, line, pie, doughnut
             "labels": ["Applications", "Intents", "Hires"], "data": [300, 80, 41]},
        ],
        "table": {"caption": "...", "columns": ["District", "Positions"], "rows": [["鼓楼区", 12], ...]},  # optional
    }

Every figure must come from aggregate queries (Count/Sum with filter=Q(...), values().annotate()), never from
looping over rows in Python: the dashboard must stay fast on `seed_scale` data. The result is cached for
DASHBOARD_CACHE_SECONDS per (region, start, end, language), so it must be plain JSON-able data.
"""

import hashlib
import logging

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from portal.choices import EmploymentStatus
from portal.models import Organization, Region, VeteranProfile
from portal.pillars import pillars

logger = logging.getLogger(__name__)
DASHBOARD_CACHE_SECONDS = 60
REGION_TABLE_LIMIT = 20


def _in_period(field: str, start, end) -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{field}__date__gte": start})
    if end:
        q &= Q(**{f"{field}__date__lte": end})
    return q


def portal_figures(*, region: Region | None = None, start=None, end=None) -> dict:
    """Veterans registered and verified, by employment status, by district; organizations."""
    veterans = VeteranProfile.objects.filter(_in_period("created_at", start, end))
    organizations = Organization.objects.filter(_in_period("created_at", start, end))
    if region is not None:
        veterans = veterans.filter(region__code__startswith=region.code_prefix)
        organizations = organizations.filter(region__code__startswith=region.code_prefix)
    verified = Q(status=VeteranProfile.Status.VERIFIED)
    totals = veterans.aggregate(
        registered=Count("pk"),
        verified=Count("pk", filter=verified),
        awaiting=Count("pk", filter=Q(status=VeteranProfile.Status.SUBMITTED)),
    )
    by_status = dict(veterans.values_list("employment_status").annotate(n=Count("pk")).order_by())
    status_labels = [str(label) for _value, label in EmploymentStatus.choices]
    status_data = [by_status.get(value, 0) for value, _label in EmploymentStatus.choices]
    by_region = (
        veterans.filter(region__isnull=False)
        .values("region__code", "region__name")
        .annotate(registered=Count("pk"), verified=Count("pk", filter=verified))
        .order_by("-registered", "region__code")[:REGION_TABLE_LIMIT]
    )
    orgs = organizations.aggregate(
        total=Count("pk"),
        verified=Count("pk", filter=Q(status=Organization.Status.VERIFIED)),
        pending=Count("pk", filter=Q(status=Organization.Status.PENDING)),
        employers=Count("pk", filter=Q(org_type=Organization.Type.EMPLOYER)),
    )
    by_type = dict(organizations.values_list("org_type").annotate(n=Count("pk")).order_by())
    return {
        "title": _("Veterans and organizations"),
        "figures": [
            {"label": _("Veterans registered"), "value": totals["registered"]},
            {"label": _("Veterans verified"), "value": totals["verified"]},
            {"label": _("Awaiting verification"), "value": totals["awaiting"]},
            {"label": _("Organizations"), "value": orgs["total"]},
            {"label": _("Organizations verified"), "value": orgs["verified"]},
            {"label": _("Organizations awaiting verification"), "value": orgs["pending"]},
            {"label": _("Employers"), "value": orgs["employers"]},
        ],
        "charts": [
            {
                "id": "portal-employment",
                "type": "bar",
                "title": _("Veterans by employment status"),
                "labels": status_labels,
                "data": status_data,
            },
            {
                "id": "portal-org-types",
                "type": "doughnut",
                "title": _("Organizations by type"),
                "labels": [str(label) for value, label in Organization.Type.choices],
                "data": [by_type.get(value, 0) for value, _label in Organization.Type.choices],
            },
        ],
        "table": {
            "id": "portal-regions",
            "caption": _("Districts ranked by veterans registered"),
            "columns": [_("Code"), _("Region"), _("Registered"), _("Verified")],
            "rows": [[r["region__code"], r["region__name"], r["registered"], r["verified"]] for r in by_region],
        },
    }


def _cache_key(region, start, end) -> str:
    raw = f"{region.code if region else ''}|{start or ''}|{end or ''}|{translation.get_language()}"
    return "staff-dashboard:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def dashboard_sections(*, region: Region | None = None, start=None, end=None, use_cache: bool = True) -> list[dict]:
    """The portal's section, then each pillar app's, in the order of portal.pillars.pillars()."""
    key = _cache_key(region, start, end)
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return cached
    sections = []
    for pillar in pillars():
        if pillar.dashboard is None:
            continue
        section = pillar.dashboard(region=region, start=start, end=end)
        if section:
            section.setdefault("title", pillar.verbose_name)
            sections.append(section)
    for section in sections:
        for chart in section.get("charts", []):
            chart["data"] = [float(v) if not isinstance(v, int) else v for v in chart["data"]]
            chart["rows"] = [[str(label), value] for label, value in zip(chart["labels"], chart["data"], strict=False)]
    cache.set(key, sections, DASHBOARD_CACHE_SECONDS)
    return sections
