"""Places left (名额/剩余) on the fair pages and class seats: counted by the functions the services enforce with, and a
full fair shows 名额已满 with its button disabled before anyone presses it."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobs.fair_places import booth_places, fair_places, fairs_with_places
from jobs.models import JobFair
from jobs.services.booths import booth_apply, booth_approve
from jobs.services.fair_registrations import fair_register
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.jobs.factories import JobFairFactory
from tests.training.factories import TrainingClassFactory
from training import services as training_services

pytestmark = pytest.mark.django_db


def _register_button(html: str) -> str:
    match = re.search(r"<button[^>]*>[^<]*(?:报名参加本场招聘会|Register for this fair)[^<]*</button>", html)
    assert match, "no register button"
    return match.group(0)


def test_places_count_what_the_service_refuses_on():
    fair = JobFairFactory(capacity=2)
    assert fair_places(fair).left == 2
    fair_register(fair=fair, user=VeteranFactory())
    assert (fair_places(fair).taken, fair_places(fair).left, fair_places(fair).full) == (1, 1, False)
    fair_register(fair=fair, user=VeteranFactory())
    assert fair_places(fair).full and fair_places(fair).left == 0
    with pytest.raises(ValidationError, match="full"):
        fair_register(fair=fair, user=VeteranFactory())
    # Lowered below what is held (an admin edit): nothing left, never a negative number.
    JobFair.objects.filter(pk=fair.pk).update(capacity=1)
    fair.refresh_from_db()
    assert fair_places(fair).left == 0 and fair_places(fair).full


def test_list_annotation_agrees_with_the_single_count():
    full, open_ = JobFairFactory(capacity=1), JobFairFactory(capacity=3)
    fair_register(fair=full, user=VeteranFactory())
    rows = {f.pk: f.places for f in fairs_with_places(JobFair.objects.filter(pk__in=[full.pk, open_.pk]))}
    assert rows[full.pk] == fair_places(full) and rows[full.pk].full
    assert rows[open_.pk].left == 3


def test_booths_left_follow_approvals():
    fair = JobFairFactory(booth_count=1)
    staff = StaffFactory()
    first, second = OrgMemberFactory(), OrgMemberFactory()
    booth = booth_apply(fair=fair, organization=first.organization, user=first, positions=[])
    other = booth_apply(fair=fair, organization=second.organization, user=second, positions=[])
    assert booth_places(fair).left == 1
    booth_approve(booth=booth, staff=staff)
    assert booth_places(fair).full
    with pytest.raises(ValidationError):
        booth_approve(booth=other, staff=staff)


def test_full_fair_page_says_so_and_disables_the_button_before_pressing(client):
    fair = JobFairFactory(capacity=1)
    client.force_login(VeteranFactory())
    html = client.get(reverse("jobs:fair_detail", args=[fair.pk])).content.decode()
    assert "disabled" not in _register_button(html) and 'data-testid="fair-full"' not in html
    assert "剩余 1 个" in html
    fair_register(fair=fair, user=VeteranFactory())
    html = client.get(reverse("jobs:fair_detail", args=[fair.pk])).content.decode()
    assert "disabled" in _register_button(html) and 'aria-describedby="fair-full"' in _register_button(html)
    assert "名额已满" in html and "剩余 0 个" in html
    listing = client.get(reverse("jobs:fair_list")).content.decode()
    assert "名额已满" in listing


def test_fair_pages_in_english_show_places_without_chinese_copy(client):
    fair = JobFairFactory(capacity=1, title="Veterans fair")
    fair_register(fair=fair, user=VeteranFactory())
    client.force_login(VeteranFactory())
    client.cookies["django_language"] = "en"
    html = client.get(reverse("jobs:fair_detail", args=[fair.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Places: 1 · 0 left" in html and "All places are taken" in html and "名额" not in html


def test_employer_sees_booths_left_and_a_veteran_does_not(client):
    fair = JobFairFactory(booth_count=4)
    employer = OrgMemberFactory()
    client.force_login(employer)
    assert 'data-testid="booth-places"' in client.get(reverse("jobs:fair_detail", args=[fair.pk])).content.decode()
    client.force_login(VeteranFactory())
    assert 'data-testid="booth-places"' not in client.get(reverse("jobs:fair_detail", args=[fair.pk])).content.decode()


def test_full_class_shows_full_and_offers_the_waitlist():
    from django.test import Client

    cls = TrainingClassFactory(capacity=1)
    training_services.enrollment_create(training_class=cls, veteran=VeteranFactory())
    assert training_services.class_seats(cls).full
    client = Client()
    client.force_login(VeteranFactory())
    html = client.get(reverse("training:class_detail", args=[cls.pk])).content.decode()
    assert 'data-testid="class-full"' in html and "名额已满" in html
    enrollment = training_services.enrollment_create(training_class=cls, veteran=VeteranFactory())
    assert enrollment.status == "waitlisted"
