"""Giving a fair place back: frees the seat for the next veteran; refused after check-in or once the fair started."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.models import FairRegistration
from jobs.services.fair_registrations import fair_check_in, fair_register, fair_registration_cancel
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.jobs.factories import JobFairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_cancelling_frees_the_place_for_the_next_veteran():
    fair = JobFairFactory(capacity=2)
    first, second, third = VeteranFactory(), VeteranFactory(), VeteranFactory()
    fair_register(fair=fair, user=first)
    fair_register(fair=fair, user=second)
    with pytest.raises(ValidationError, match="full"):
        fair_register(fair=fair, user=third)
    fair_registration_cancel(fair=fair, user=first)
    registration = fair_register(fair=fair, user=third)
    assert registration.seat == 1  # the freed place, not a third one
    assert sorted(FairRegistration.objects.filter(fair=fair).values_list("seat", flat=True)) == [1, 2]


def test_cancelling_is_refused_when_not_registered_after_check_in_or_after_the_start():
    fair = JobFairFactory(capacity=5, starts_at=timezone.now() + datetime.timedelta(minutes=30))  # check-in open
    veteran = VeteranFactory()
    with pytest.raises(ValidationError, match="not registered"):
        fair_registration_cancel(fair=fair, user=veteran)
    registration = fair_register(fair=fair, user=veteran)
    from jobs.services.tickets import check_in_token

    fair_check_in(fair=fair, token=check_in_token(registration), actor=StaffFactory())
    with pytest.raises(ValidationError, match="checked in"):
        fair_registration_cancel(fair=fair, user=veteran)
    started = JobFairFactory(capacity=5)
    other = VeteranFactory()
    fair_register(fair=started, user=other)
    started.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    started.save(update_fields=["starts_at"])
    with pytest.raises(ValidationError, match="started"):
        fair_registration_cancel(fair=started, user=other)
    assert FairRegistration.objects.filter(fair=started, user=other).exists()


def test_cancel_page_is_post_only_and_acts_on_the_own_registration(client):
    fair = JobFairFactory(capacity=5)
    veteran, other = VeteranFactory(), VeteranFactory()
    fair_register(fair=fair, user=veteran)
    fair_register(fair=fair, user=other)
    client.force_login(veteran)
    assert client.get(f"/jobs/fairs/{fair.pk}/cancel/").status_code == 405
    assert client.post(f"/jobs/fairs/{fair.pk}/cancel/").status_code == 302
    assert not FairRegistration.objects.filter(fair=fair, user=veteran).exists()
    assert FairRegistration.objects.filter(fair=fair, user=other).exists()


def test_cancel_via_api(api_client):
    fair = JobFairFactory(capacity=5)
    veteran = VeteranFactory()
    fair_register(fair=fair, user=veteran)
    api_client.force_authenticate(veteran)
    assert api_client.post(f"/api/v1/fairs/{fair.pk}/cancel-registration/").status_code == 204
    assert api_client.post(f"/api/v1/fairs/{fair.pk}/cancel-registration/").status_code == 400
    api_client.force_authenticate(OrgMemberFactory(org_type="employer"))
    assert api_client.post(f"/api/v1/fairs/{fair.pk}/cancel-registration/").status_code == 400
