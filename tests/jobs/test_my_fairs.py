"""My job fairs (issue 18, item 5): a veteran's registrations with tickets, check-in state, booths visited and
intents; the fair reminder links to it."""

import datetime

import pytest
from django.utils import timezone

from jobs.matching.services import fair_reminder_send
from jobs.models import Application, FairRegistration, IntentRecord
from portal.models import Notification
from tests.factories import UserFactory, VeteranFactory
from tests.jobs.factories import BoothFactory, JobFairFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_the_page_lists_only_my_registrations_with_check_in_and_intents(client):
    veteran, other = VeteranFactory(), VeteranFactory()
    now = timezone.now()
    coming = JobFairFactory(title="春季专场招聘会", starts_at=now + datetime.timedelta(hours=6))
    past = JobFairFactory(
        title="去年秋季招聘会",
        registration_opens_at=now - datetime.timedelta(days=120),
        starts_at=now - datetime.timedelta(days=90),
        ends_at=now - datetime.timedelta(days=89),
    )
    mine = FairRegistration.objects.create(fair=coming, user=veteran, seat=1)
    visited = FairRegistration.objects.create(fair=past, user=veteran, seat=3, checked_in_at=past.starts_at)
    FairRegistration.objects.create(fair=coming, user=other, seat=2)
    booth = BoothFactory(fair=past, number=7)
    position = PositionFactory(organization=booth.organization, title="仓储主管")
    application = Application.objects.create(position=position, veteran=veteran)
    IntentRecord.objects.create(booth=booth, registration=visited, position=position, application=application)

    client.force_login(veteran)
    response = client.get("/jobs/fairs/mine/")
    assert [r.pk for r in response.context["upcoming"]] == [mine.pk]
    assert [r.pk for r in response.context["past"]] == [visited.pk]
    page = response.content.decode()
    assert "仓储主管" in page and f"/jobs/fairs/{coming.pk}/ticket/" in page
    client.force_login(UserFactory())
    assert "春季专场招聘会" not in client.get("/jobs/fairs/mine/").content.decode()


def test_the_fair_reminder_links_to_my_job_fairs():
    veteran = VeteranFactory()
    fair = JobFairFactory(starts_at=timezone.now() + datetime.timedelta(hours=6))
    FairRegistration.objects.create(fair=fair, user=veteran, seat=1)
    fair_reminder_send(fair_id=fair.pk)
    notice = Notification.objects.get(recipient=veteran)
    assert notice.url == f"/jobs/fairs/mine/#fair-{fair.pk}"
