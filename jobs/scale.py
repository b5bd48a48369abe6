"""`manage.py seed_scale --positions N`: N published positions in bulk for benchmarks (search columns and, on
PostgreSQL, the weighted vectors included). Idempotent per size: rows already there count towards N."""

import datetime
import random

from django.db import connection
from django.db.models import F
from django.utils import timezone

from jobs import thesaurus
from jobs.demo import DESCRIPTION, OCCUPATION_FIT, TITLES
from jobs.models import Position
from portal.models import OccupationCategory, Organization, Region
from portal.search import index_queryset
from portal.synthetic import make_uscc

BATCH = 2000
SCALE_ORG_PREFIX = "规模测试用人单位"


def add_arguments(parser):
    parser.add_argument("--positions", type=int, default=0, help="published positions to have (jobs)")


def _organizations(count=200) -> list[Organization]:
    existing = list(Organization.objects.filter(name__startswith=SCALE_ORG_PREFIX).order_by("pk"))
    cities = list(Region.objects.cities().values_list("pk", flat=True)[:60])
    new = [
        Organization(
            name=f"{SCALE_ORG_PREFIX}{i:04d}",
            org_type=Organization.Type.EMPLOYER,
            uscc=make_uscc("350100", 900000 + i),
            region_id=cities[i % len(cities)],
            status=Organization.Status.VERIFIED,
        )
        for i in range(len(existing), count)
    ]
    Organization.objects.bulk_create(new)
    return list(Organization.objects.filter(name__startswith=SCALE_ORG_PREFIX).order_by("pk"))


def seed_scale(options, stdout) -> None:
    wanted = options.get("positions") or 0
    if not wanted:
        return
    organizations = _organizations()
    have = Position.objects.filter(organization__in=organizations).count()
    if have >= wanted:
        stdout.write(f"jobs: {have} scale positions already present")
        return
    leaves = {c.code: c.pk for c in OccupationCategory.objects.filter(parent__isnull=False)}
    regions = list(Region.objects.filter(level=Region.Level.DISTRICT).values_list("pk", "name")[:2000])
    # Segment each distinct text once (as position_index does); rows reuse the tokens.
    segment = thesaurus.current().segment
    templates = []
    for code, titles in TITLES.items():
        for title in titles:
            body = DESCRIPTION.format(title=title, city="", category=title) + " " + " ".join(OCCUPATION_FIT[code][0])
            templates.append((code, title, body, segment(title), segment(body)))
    rng = random.Random(wanted)
    now = timezone.now()
    deadline = timezone.localdate() + datetime.timedelta(days=90)
    start_pk = (Position.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for offset in range(have, wanted, BATCH):
        rows = []
        for i in range(offset, min(offset + BATCH, wanted)):
            code, title, body, seg_title, seg_body = templates[i % len(templates)]
            region_pk, _name = regions[rng.randrange(len(regions))]
            low = 3000 + rng.randrange(80) * 100
            rows.append(
                Position(
                    organization=organizations[i % len(organizations)],
                    title=title,
                    description=body,
                    category_id=leaves[code],
                    region_id=region_pk,
                    salary_min=low,
                    salary_max=low + 1000 + rng.randrange(40) * 100,
                    headcount=1 + rng.randrange(10),
                    education=rng.randrange(5),
                    skills=OCCUPATION_FIT[code][0],
                    veteran_priority=rng.random() < 0.6,
                    deadline=deadline,
                    status=Position.Status.PUBLISHED,
                    published_at=now - datetime.timedelta(minutes=i),
                    search_title=seg_title,
                    search_body=seg_body,
                )
            )
        Position.objects.bulk_create(rows, batch_size=BATCH)
        stdout.write(f"jobs: {min(offset + BATCH, wanted)}/{wanted} positions")
    index_queryset(
        Position.objects.filter(pk__gte=start_pk, search_vector__isnull=True),
        title_expr=F("search_title"),
        body_expr=F("search_body"),
    )
    if connection.vendor == "postgresql":  # fresh statistics, or the planner misjudges the search joins
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE jobs_position")
