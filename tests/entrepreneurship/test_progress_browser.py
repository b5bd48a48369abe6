"""In Chromium: the new progress pages (residency, competition entry, mentor booking, training subsidy claim) and
the mentor page's disabled book buttons have no serious accessibility violation (axe-core), in both languages."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepreneurship.services import competitions, incubators, mentors
from tests import factories
from tests.e2e.pages import signed_in_context
from tests.e2e.test_accessibility_browser import check_page
from tests.entrepreneurship import factories as ef
from tests.training.factories import CourseFactory, TrainingClassFactory
from training import services as training_services
from training.models import Enrollment


def _pages(veteran) -> list[str]:
    project = ef.enterprise(founder=veteran)
    base = ef.incubator_base(total=3)
    residency = incubators.residency_apply(user=veteran, base=base, enterprise=project, workstations=1)
    entry = competitions.entry_submit(user=veteran, competition=ef.competition(), enterprise=project, pitch="项目简介")
    mentor = ef.mentor()
    booked, _free = ef.slot(mentor, hours_ahead=24), ef.slot(mentor, hours_ahead=48)
    booking = mentors.booking_create(user=veteran, slot=booked, topic="financing")
    enrollment = Enrollment.objects.create(
        training_class=TrainingClassFactory(course=CourseFactory(subsidy_amount=Decimal("600.00"))),
        veteran=veteran,
        status=Enrollment.Status.COMPLETED,
        sequence=1,
        completed_at=timezone.now() - datetime.timedelta(days=1),
    )
    claim = training_services.subsidy_claim_file(enrollment=enrollment, actor=veteran)
    return [
        reverse("entrepreneurship:residency_detail", args=[residency.pk]),
        reverse("entrepreneurship:entry_detail", args=[entry.pk]),
        reverse("entrepreneurship:booking_detail", args=[booking.pk]),
        reverse("entrepreneurship:mentor_detail", args=[mentor.pk]),
        reverse("training:claim_detail", args=[claim.pk]),
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_progress_pages_have_no_serious_accessibility_violation(browser, live_server):
    veteran = factories.VeteranFactory()
    pages = _pages(veteran)
    found = []
    for language in ("zh-hans", "en"):
        context = signed_in_context(browser, live_server.url, veteran.username, language, bypass_csp=True)
        page = context.new_page()
        for path in pages:
            check_page(page, path, f"{language}", found)
        page.goto(pages[3])  # the mentor's page: the booked slot's button disabled, described by the reason
        assert page.locator("button[disabled][aria-describedby]").count() == 1
        context.close()
    assert not found, found
