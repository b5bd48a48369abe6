"""Training to job: a class's graduates are proposed matched positions in the course's target occupations;
employers see recently trained candidates; per class, staff see employment at 1, 3 and 6 months with graduates
still inside a milestone's window counted as pending."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.matching.services.graduates import graduate_event_key
from portal.models import Notification, OccupationCategory, VeteranProfile
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.jobs.factories import PositionFactory
from tests.training.factories import SessionFactory, TrainingClassFactory, hire
from training import outcomes, selectors, services
from training.models import Enrollment

pytestmark = pytest.mark.django_db


def two_leaf_categories():
    first, second = OccupationCategory.objects.filter(parent__isnull=False).order_by("code")[:2]
    return first, second


def enrol_and_attend(training_class, veteran, actor):
    enrollment = services.enrollment_create(training_class=training_class, veteran=veteran)
    session = SessionFactory(training_class=training_class)
    services.attendance_mark(session=session, enrollment=enrollment, actor=actor, present=True)
    return enrollment


def test_completing_a_class_proposes_positions_in_its_target_occupations(
    institution_member, django_capture_on_commit_callbacks
):
    target, other = two_leaf_categories()
    training_class = TrainingClassFactory(course__institution=institution_member.organization)
    training_class.course.target_occupations.set([target])
    wanted = PositionFactory(title="叉车司机", category=target)
    PositionFactory(title="前台接待", category=other)
    veteran = VeteranFactory()
    enrollment = enrol_and_attend(training_class, veteran, institution_member)

    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_complete(enrollment=enrollment, actor=institution_member, exam_score=85)

    notice = Notification.objects.get(recipient=veteran, event_key=graduate_event_key(enrollment.pk))
    assert wanted.title in notice.body
    assert "前台接待" not in notice.body
    assert notice.url == f"/jobs/recommended/?occupations={target.pk}"
    assert notice.kind == "job_push"


def test_a_failed_completion_proposes_nothing_and_a_rerun_sends_once(
    institution_member, training_class, django_capture_on_commit_callbacks
):
    PositionFactory()
    passed, failed = VeteranFactory(), VeteranFactory()
    passing = enrol_and_attend(training_class, passed, institution_member)
    failing = services.enrollment_create(training_class=training_class, veteran=failed)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_complete(enrollment=failing, actor=institution_member, exam_score=20)
        services.enrollment_complete(enrollment=passing, actor=institution_member, exam_score=90)
    assert not Notification.objects.filter(recipient=failed, kind="job_push").exists()
    # The course names no occupation: any matching open position is proposed; a second delivery adds nothing.
    from jobs.matching.services.graduates import graduate_positions_propose

    args = {"enrollment_id": passing.pk, "user_id": passed.pk, "course_title": "x", "occupation_ids": []}
    graduate_positions_propose(**args)
    assert Notification.objects.filter(recipient=passed, event_key=graduate_event_key(passing.pk)).count() == 1


def test_recommended_page_keeps_to_the_occupations_of_the_notice(client):
    target, other = two_leaf_categories()
    PositionFactory(title="叉车司机", category=target)
    PositionFactory(title="前台接待", category=other)
    veteran = VeteranFactory()
    client.force_login(veteran)
    page = client.get(reverse("jobs:recommended") + f"?occupations={target.pk},abc")
    assert page.status_code == 200
    body = page.content.decode()
    assert "叉车司机" in body and "前台接待" not in body


def test_employer_sees_and_filters_recently_trained_candidates(client, institution_member):
    employer = OrgMemberFactory(org_type="employer")
    position = PositionFactory(organization=employer.memberships.get().organization)
    trained, untrained = VeteranFactory(profile__real_name="李训练"), VeteranFactory(profile__real_name="王未训")
    VeteranProfile.objects.filter(user__in=[trained, untrained]).update(open_to_employers=True)
    training_class = TrainingClassFactory(course__institution=institution_member.organization)
    enrollment = enrol_and_attend(training_class, trained, institution_member)
    services.enrollment_complete(enrollment=enrollment, actor=institution_member, exam_score=85)

    client.force_login(employer)
    url = reverse("jobs:position_candidates", args=[position.pk])
    everyone = client.get(url).content.decode()
    assert everyone.count('data-testid="recently-trained"') == 1
    assert training_class.course.title in everyone
    only_trained = client.get(url + "?trained=1").content.decode()
    assert trained.veteran_profile.masked_name in only_trained
    assert untrained.veteran_profile.masked_name not in only_trained


def graduate(training_class, completed_on: datetime.date, veteran=None):
    at = timezone.make_aware(datetime.datetime.combine(completed_on, datetime.time(15)))
    return Enrollment.objects.create(
        training_class=training_class,
        veteran=veteran or VeteranFactory(),
        status=Enrollment.Status.COMPLETED,
        sequence=Enrollment.objects.count() + 1,
        completed_at=at,
    )


def test_class_outcomes_count_people_inside_the_window_as_pending():
    today = timezone.localdate()
    recent = TrainingClassFactory()
    old = TrainingClassFactory()
    # Recent class, completed 50 days ago: one hired on day 10, one not hired (pending at 3 and 6 months; at
    # 1 month, past, not employed), one hired on day 10 who left on day 20.
    day = today - datetime.timedelta(days=50)
    hire(graduate(recent, day).veteran, day + datetime.timedelta(days=10))
    graduate(recent, day)
    record = hire(graduate(recent, day).veteran, day + datetime.timedelta(days=10))
    record.status, record.left_on = "left", day + datetime.timedelta(days=20)
    record.save()
    # Old class, completed a year ago: hired after 2 months, never hired, hired before completing.
    long_ago = today - datetime.timedelta(days=365)
    hire(graduate(old, long_ago).veteran, outcomes.add_months(long_ago, 2))
    graduate(old, long_ago)
    hire(graduate(old, long_ago).veteran, long_ago - datetime.timedelta(days=5))

    got = outcomes.class_outcomes([recent.pk, old.pk], today=today)
    recent_states = {m: (s.employed, s.not_employed, s.pending) for m, s in got[recent.pk].milestones.items()}
    assert recent_states == {1: (1, 2, 0), 3: (1, 0, 2), 6: (1, 0, 2)}
    old_states = {m: (s.employed, s.not_employed, s.pending) for m, s in got[old.pk].milestones.items()}
    assert old_states == {1: (0, 3, 0), 3: (1, 2, 0), 6: (1, 2, 0)}
    assert got[recent.pk].milestones[6].rate == 100 and got[old.pk].milestones[6].rate == 33


def test_six_month_figure_counts_pending_as_pending():
    training_class = TrainingClassFactory()
    today = timezone.localdate()
    hire(graduate(training_class, today - datetime.timedelta(days=30)).veteran, today)
    graduate(training_class, today - datetime.timedelta(days=30))  # still inside the window
    graduate(training_class, today - datetime.timedelta(days=300))  # window closed without a hire
    stats = selectors.institution_stats(training_class.course.institution)
    assert (stats["graduates"], stats["hired"], stats["hired_pending"], stats["not_hired"]) == (3, 1, 1, 1)
    assert stats["hired_rate"] == 50  # 1 of the 2 decided, not 1 of 3
    section = selectors.dashboard_figures()
    figures = {str(f.label): f.value for f in section.figures}
    assert figures["Graduates still inside their 6-month window"] == 1
    assert figures["Share of decided graduates employed within 6 months (%)"] == 50.0


def test_staff_outcome_page_shows_pending_and_refuses_others(client):
    training_class = TrainingClassFactory()
    graduate(training_class, timezone.localdate() - datetime.timedelta(days=3))
    url = reverse("training:staff_class_outcomes")
    client.force_login(VeteranFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory())
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="pending"') == 3
