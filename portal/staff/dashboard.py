"""The staff dashboard (一图研判): one section per app, computed by aggregate queries, cached briefly.

Contract for pillar apps — name the provider as `dashboard` in `<app>/pillar.py` (see portal.pillars); by
convention it is `<app>.selectors.dashboard_figures`:

    def dashboard_figures(*, region=None, start=None, end=None) -> Section:
        ...

- `region`: a portal.models.Region or None (whole country); count rows whose region is the region or inside it,
  with `sections.in_region("<fk to Region>", region)`.
- `start`, `end`: datetime.date or None, both inclusive; filter on the date the counted event happened, with
  `sections.in_period("<field>", start, end)`.
- Return a `portal.staff.sections.Section` (figures, charts, an optional table; labels already translated).

Every figure must come from aggregate queries (Count/Sum with filter=Q(...), values().annotate()), never from
looping over rows in Python: the dashboard must stay fast on `seed_scale` data. The result is cached for
DASHBOARD_CACHE_SECONDS per (region, start, end, language), so it must hold data only.
"""

import dataclasses
import hashlib
import logging

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.choices import EmploymentStatus
from portal.models import Organization, Region, VeteranProfile
from portal.models.reference import localized
from portal.pillars import pillars
from portal.staff.sections import Chart, Figure, Section, Table, in_period, in_region, previous_period

logger = logging.getLogger(__name__)
DASHBOARD_CACHE_SECONDS = 60
REGION_TABLE_LIMIT = 20


def portal_figures(*, region: Region | None = None, start=None, end=None) -> Section:
    """Veterans registered and verified, by employment status, by district; organizations."""
    veterans = VeteranProfile.objects.filter(in_period("created_at", start, end), in_region("region", region))
    organizations = Organization.objects.filter(in_period("created_at", start, end), in_region("region", region))
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
        .values("region__code", "region__name", "region__name_en")
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
    return Section(
        title=_("Veterans and organizations"),
        figures=[
            Figure(_("Veterans registered"), totals["registered"], link=reverse("portal:staff_veterans")),
            Figure(_("Veterans verified"), totals["verified"]),
            Figure(_("Awaiting verification"), totals["awaiting"], link=reverse("portal:staff_veteran_queue")),
            Figure(_("Organizations"), orgs["total"], link=reverse("portal:staff_organizations")),
            Figure(_("Organizations verified"), orgs["verified"]),
            Figure(_("Organizations awaiting verification"), orgs["pending"]),
            Figure(_("Employers"), orgs["employers"]),
        ],
        charts=[
            Chart(
                id="portal-employment",
                type="bar",
                title=_("Veterans by employment status"),
                labels=status_labels,
                data=status_data,
            ),
            Chart.by_choice(
                id="portal-org-types",
                type="doughnut",
                title=_("Organizations by type"),
                choices=Organization.Type.choices,
                counts=by_type,
            ),
        ],
        table=Table(
            id="portal-regions",
            caption=_("Districts ranked by veterans registered"),
            columns=[_("Code"), _("Region"), _("Registered"), _("Verified")],
            rows=[[r["region__code"], localized(r, "region__"), r["registered"], r["verified"]] for r in by_region],
        ),
    )


def _cache_key(region, start, end) -> str:
    raw = f"{region.code if region else ''}|{start or ''}|{end or ''}|{translation.get_language()}"
    return "staff-dashboard:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def dashboard_sections(*, region: Region | None = None, start=None, end=None, use_cache: bool = True) -> list[Section]:
    """The portal's section, then each pillar app's, in the order of portal.pillars.pillars()."""
    key = _cache_key(region, start, end)
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return cached
    sections = [
        pillar.dashboard(region=region, start=start, end=end) for pillar in pillars() if pillar.dashboard is not None
    ]
    cache.set(key, sections, DASHBOARD_CACHE_SECONDS)
    return sections


def _with_previous(section: Section, before: Section) -> Section:
    earlier = {str(f.label): f.value for f in before.figures}
    figures = [dataclasses.replace(f, previous=earlier.get(str(f.label))) for f in section.figures]
    return dataclasses.replace(section, figures=figures)


def compared_sections(*, region: Region | None = None, start=None, end=None) -> list[Section]:
    """The sections for the chosen period, each figure carrying its value over the period of the same length just
    before (for the change shown beside it). Without a closed period there is nothing to compare: plain sections."""
    sections = dashboard_sections(region=region, start=start, end=end)
    if not (start and end):
        return sections
    earlier_start, earlier_end = previous_period(start, end)
    before = dashboard_sections(region=region, start=earlier_start, end=earlier_end)
    return [_with_previous(now, then) for now, then in zip(sections, before, strict=True)]
