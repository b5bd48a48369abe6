"""The visit page shows the record form exactly when the service records the visit, for every status."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.care import services
from portal.care.models import CareVisit
from tests.factories import StaffFactory, VeteranFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", CareVisit.Status.values)
def test_the_record_form_matches_what_recording_accepts(status):
    staff = StaffFactory()
    veteran = VeteranFactory().veteran_profile
    subject = services.care_subject_mark(veteran=veteran, staff_user=staff, reasons=["elderly"], interval_days=90)
    visit = subject.visits.get()
    CareVisit.objects.filter(pk=visit.pk).update(status=status)
    visit.refresh_from_db()
    try:
        services.care_visit_record(
            visit=visit,
            staff_user=staff,
            visited_on=timezone.localdate(),
            visitors="王干事",
            condition="good",
            needs=[],
        )
        allowed = True
    except ValidationError:
        allowed = False
    assert allowed == visit.is_planned()
