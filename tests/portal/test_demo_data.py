"""The demo data reads as a bureau would expect: skills and welcomed specialties follow each occupation, and the
partner merchants and their offers are spread over the demo cities (issue 15, item 7)."""

import pytest

from benefits.models import Offer
from jobs.demo import OCCUPATION_FIT
from jobs.matching.demo import DEMO_POSITIONS
from jobs.models import Position
from portal.models import VeteranProfile
from tests.staff.test_exports_all import seed_demo_data

pytestmark = pytest.mark.django_db


def test_demo_positions_ask_for_what_their_occupation_needs():
    seed_demo_data()
    positions = (
        Position.objects.select_related("category")
        .prefetch_related("military_specialties")
        .exclude(title__in=[row[0] for row in DEMO_POSITIONS])  # matching's hand-written examples
    )
    assert positions.count() >= 200
    for position in positions:
        skills, specialties = OCCUPATION_FIT[position.category.code]
        assert position.skills == skills, position.title
        assert sorted(s.code for s in position.military_specialties.all()) == sorted(specialties), position.title
    # The two examples: a property manager is not tagged cooking, a firefighter does not welcome catering.
    property_skills = set().union(*(p.skills for p in positions.filter(category__code="0603")))
    assert "烹饪" not in property_skills
    firefighter_specialties = set(
        positions.filter(category__code="0202").values_list("military_specialties__name", flat=True)
    )
    assert "炊事" not in firefighter_specialties and "消防" in firefighter_specialties


def test_demo_veterans_skills_match_their_specialties_and_merchants_span_the_cities():
    seed_demo_data()
    for profile in VeteranProfile.objects.filter(user__username__startswith="demo-vet0"):
        wanted = profile.desired_categories.get()
        skills, specialties = OCCUPATION_FIT[wanted.code]
        assert profile.skills == skills
        assert sorted(profile.military_specialties.values_list("code", flat=True)) == sorted(specialties)
    cities = set(
        Offer.objects.values_list("merchant__organization__region__parent__code", flat=True).exclude(
            merchant__organization__region__parent__isnull=True
        )
    )
    assert {"320600", "350100", "350200", "330100", "530300", "320100"} <= cities
