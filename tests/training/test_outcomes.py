"""Outcomes: the share of an institution's graduates hired within 6 months (from the jobs app's hires)."""

import datetime
import itertools
import zoneinfo

import pytest

from tests.factories import VeteranFactory
from tests.training.factories import InstitutionFactory, TrainingClassFactory, hire
from training import selectors
from training.models import Enrollment

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def graduate(training_class, *, completed_at, status=Enrollment.Status.COMPLETED, veteran=None):
    return Enrollment.objects.create(
        training_class=training_class,
        veteran=veteran or VeteranFactory(),
        status=status,
        sequence=next(_seq),
        completed_at=completed_at,
    )


COMPLETED = datetime.datetime(2025, 1, 10, 15, 0, tzinfo=TZ)
DAY = COMPLETED.date()


@pytest.fixture
def data_set():
    """Institution A: 5 graduates, of whom 2 were hired within 6 months (at 3 months and on day 183)."""
    a, b = InstitutionFactory(), InstitutionFactory()
    class_a, class_b = TrainingClassFactory(course__institution=a), TrainingClassFactory(course__institution=b)
    at_3_months = graduate(class_a, completed_at=COMPLETED)
    hire(at_3_months.veteran, datetime.date(2025, 4, 10))
    at_8_months = graduate(class_a, completed_at=COMPLETED)
    hire(at_8_months.veteran, datetime.date(2025, 9, 10))
    before = graduate(class_a, completed_at=COMPLETED)
    hire(before.veteran, DAY - datetime.timedelta(days=40))  # hired before completing: not an outcome of training
    last_day = graduate(class_a, completed_at=COMPLETED)
    hire(last_day.veteran, DAY + datetime.timedelta(days=selectors.HIRE_WINDOW_DAYS))
    graduate(class_a, completed_at=COMPLETED)  # never hired
    dropped_out = graduate(class_a, completed_at=None, status=Enrollment.Status.NOT_COMPLETED)
    hire(dropped_out.veteran, DAY + datetime.timedelta(days=30))  # not a graduate
    elsewhere = graduate(class_b, completed_at=COMPLETED)
    hire(elsewhere.veteran, DAY + datetime.timedelta(days=30))  # another institution's graduate
    return a, b


def test_hired_within_6_months_counts_real_hires(data_set):
    a, b = data_set
    stats = selectors.institution_stats(a)
    assert stats["hired_source"] == "jobs"
    assert (stats["graduates"], stats["hired"], stats["hired_rate"]) == (5, 2, 40)
    assert stats["finished"] == 6 and stats["completed"] == 5
    other = selectors.institution_stats(b)
    assert (other["graduates"], other["hired"], other["hired_rate"]) == (1, 1, 100)


def test_a_hire_at_8_months_does_not_count(data_set):
    a, _b = data_set
    # Move the 3-month hire to 8 months: only the day-183 hire remains.
    from jobs.models import EmploymentRecord

    EmploymentRecord.objects.filter(started_on=datetime.date(2025, 4, 10)).update(started_on=datetime.date(2025, 9, 9))
    assert selectors.institution_stats(a)["hired"] == 1


def test_institution_stats_is_a_fixed_number_of_queries(data_set, django_assert_max_num_queries):
    a, _b = data_set
    with django_assert_max_num_queries(3):
        selectors.institution_stats(a)


def test_without_jobs_the_profile_status_is_the_fallback(data_set, monkeypatch):
    from portal.choices import EmploymentStatus
    from portal.models import VeteranProfile

    a, _b = data_set
    monkeypatch.setattr(selectors, "_employment_record_model", lambda: None)
    # updated_at is auto_now: set it with update() to a day inside / outside the window.
    graduates = list(Enrollment.objects.filter(training_class__course__institution=a, status="completed"))
    VeteranProfile.objects.filter(user=graduates[0].veteran).update(
        employment_status=EmploymentStatus.EMPLOYED, updated_at=COMPLETED + datetime.timedelta(days=60)
    )
    VeteranProfile.objects.filter(user=graduates[1].veteran).update(
        employment_status=EmploymentStatus.EMPLOYED, updated_at=COMPLETED + datetime.timedelta(days=300)
    )
    stats = selectors.institution_stats(a)
    assert stats["hired_source"] == "profile" and stats["hired"] == 1
