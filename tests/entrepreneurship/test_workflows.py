"""The steps that were once only in the admin, as services: judging stage, per-stage deadlines, conflicts,
mentor review with a reason, public mentor ratings, unknown actions refused, residencies ending at their term."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from entrepreneurship.models import Competition, JudgeConflict, MentorBooking, MentorProfile, Residency, Score
from entrepreneurship.services import competitions, incubators, mentors
from entrepreneurship.tasks import end_due_residencies
from portal.exceptions import AccessDenied
from portal.models import Notification
from tests import factories as base
from tests.entrepreneurship import factories as f

pytestmark = pytest.mark.django_db
POINTS = (80, 70, 40)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _values(comp):
    return {str(c.pk): p for c, p in zip(comp.criteria.all(), POINTS, strict=True)}


def test_start_judging_needs_staff_entries_and_judges(staff_user):
    comp = f.competition()
    with pytest.raises(ValidationError, match="no entries"):
        competitions.competition_start_judging(competition=comp, user=staff_user)
    f.entry(comp)
    with pytest.raises(ValidationError, match="judge"):
        competitions.competition_start_judging(competition=comp, user=staff_user)
    judge = f.judge(comp)
    with pytest.raises(AccessDenied):
        competitions.competition_start_judging(competition=comp, user=judge)
    competitions.competition_start_judging(competition=comp, user=staff_user)
    comp.refresh_from_db()
    assert comp.status == Competition.Status.JUDGING
    assert Notification.objects.filter(recipient=judge, event_key=f"judging-open:{comp.pk}").exists()
    with pytest.raises(ValidationError):
        competitions.competition_start_judging(competition=comp, user=staff_user)


def test_preliminary_scoring_after_the_entry_deadline_is_accepted_until_the_scoring_deadline():
    comp = f.competition(status=Competition.Status.JUDGING)
    entry, judge = f.entry(comp), None
    judge = f.judge(comp)
    stage = entry.stage
    now = timezone.now()
    stage.deadline, stage.scoring_deadline = now - datetime.timedelta(days=2), now + datetime.timedelta(days=5)
    stage.save()
    score = competitions.score_submit(judge=judge, entry=entry, values=_values(comp))
    assert score.stage == stage  # entries closed two days ago; scoring still open
    stage.scoring_deadline = now - datetime.timedelta(minutes=1)
    stage.save()
    with pytest.raises(ValidationError, match="closed"):
        competitions.score_submit(judge=judge, entry=entry, values=_values(comp))


def test_competition_create_takes_each_stages_two_deadlines(staff_user):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    criteria = [{"name": "创新性", "weight": 100, "max_score": 100}]
    with pytest.raises(ValidationError, match="scoring cannot close before entries close"):
        competitions.competition_create(
            user=staff_user,
            title="赛",
            criteria=criteria,
            deadlines={"preliminary": now + 5 * day, "final": now + 20 * day},
            scoring_deadlines={"preliminary": now + 4 * day},
        )
    with pytest.raises(ValidationError, match="previous stage"):  # the final's entries close before prelim scoring
        competitions.competition_create(
            user=staff_user,
            title="赛",
            criteria=criteria,
            deadlines={"preliminary": now + 5 * day, "final": now + 8 * day},
            scoring_deadlines={"preliminary": now + 10 * day},
        )
    comp = competitions.competition_create(
        user=staff_user,
        title="赛",
        criteria=criteria,
        deadlines={"preliminary": now + 5 * day, "final": now + 20 * day},
        scoring_deadlines={"preliminary": now + 10 * day, "final": now + 25 * day},
    )
    prelim = comp.first_stage()
    assert (prelim.deadline, prelim.scoring_deadline) == (now + 5 * day, now + 10 * day)


def test_stage_schedule_moves_dates_and_refuses_cutting_scoring_short_once_scored(staff_user):
    comp = f.competition(status=Competition.Status.JUDGING)
    entry = f.entry(comp)
    stage = entry.stage
    later = stage.deadline + datetime.timedelta(days=3)
    competitions.stage_schedule(stage=stage, user=staff_user, deadline=stage.deadline, scoring_deadline=later)
    stage.refresh_from_db()
    assert stage.scoring_deadline == later
    competitions.score_submit(judge=f.judge(comp), entry=entry, values=_values(comp))
    with pytest.raises(ValidationError, match="only move later"):
        competitions.stage_schedule(
            stage=stage, user=staff_user, deadline=stage.deadline, scoring_deadline=later - datetime.timedelta(days=1)
        )


def test_a_judge_who_declares_a_conflict_is_excluded_and_their_score_withdrawn():
    comp = f.competition(status=Competition.Status.JUDGING)
    entry = f.entry(comp)
    judge = f.judge(comp)
    competitions.score_submit(judge=judge, entry=entry, values=_values(comp))
    with pytest.raises(ValidationError):
        competitions.conflict_declare(entry=entry, judge=judge, user=judge, reason="  ")
    competitions.conflict_declare(entry=entry, judge=judge, user=judge, reason="我是该项目的投资人")
    assert not Score.objects.filter(judge=judge, entry=entry).exists()
    assert competitions.stage_ranking(entry.stage) == []
    with pytest.raises(AccessDenied):
        competitions.score_submit(judge=judge, entry=entry, values=_values(comp))
    with pytest.raises(ValidationError, match="already"):
        competitions.conflict_declare(entry=entry, judge=judge, user=judge, reason="再次")
    outsider = base.UserFactory()
    with pytest.raises(AccessDenied):
        competitions.conflict_declare(entry=entry, judge=outsider, user=outsider, reason="x")
    with pytest.raises(AccessDenied):  # someone else cannot declare for a judge; staff can
        competitions.conflict_declare(entry=entry, judge=f.judge(comp), user=outsider, reason="x")
    assert JudgeConflict.objects.filter(entry=entry).count() == 1


def test_unknown_actions_are_refused_with_400_and_change_nothing(client, staff_user):
    operator = base.OrgMemberFactory(org_type="incubator")
    home = f.incubator_base(operator=operator.organization)
    residency = Residency.objects.create(base=home, enterprise=f.enterprise(), workstations_requested=1)
    incubators.residency_accept(
        residency=residency,
        user=operator,
        workstations=1,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2030, 1, 1),
    )
    client.force_login(operator)
    url = reverse("entrepreneurship:operator_residency_action", args=[residency.pk, "exitt"])
    response = client.post(url)
    assert response.status_code == 400
    assert "不存在" in response.content.decode() or "does not exist" in response.content.decode()
    residency.refresh_from_db()
    assert residency.status == Residency.Status.ACTIVE
    comp = f.competition()
    client.force_login(staff_user)
    response = client.post(reverse("entrepreneurship:competition_action", args=[comp.pk, "delete"]))
    assert response.status_code == 400
    assert Competition.objects.get(pk=comp.pk).status == Competition.Status.OPEN


def test_mentor_applies_staff_reject_with_a_reason_then_approve_after_reapplying(staff_user):
    user = base.UserFactory()
    profile = mentors.mentor_apply(user=user, display_name="王导师", expertise="电商运营", field="marketing")
    assert profile.status == MentorProfile.Status.PENDING
    with pytest.raises(ValidationError):
        mentors.mentor_review(profile=profile, staff_user=staff_user, approve=False, reason="")
    with pytest.raises(AccessDenied):
        mentors.mentor_review(profile=profile, staff_user=user, approve=True)
    mentors.mentor_review(profile=profile, staff_user=staff_user, approve=False, reason="请补充从业经历")
    profile.refresh_from_db()
    assert profile.status == MentorProfile.Status.REJECTED and profile.rejection_reason == "请补充从业经历"
    assert Notification.objects.filter(recipient=user, body="请补充从业经历").exists()
    profile = mentors.mentor_apply(user=user, display_name="王导师", expertise="电商运营，十年", field="marketing")
    assert profile.status == MentorProfile.Status.PENDING and profile.rejection_reason == ""
    mentors.mentor_review(profile=profile, staff_user=staff_user, approve=True)
    assert type(user).objects.get(pk=user.pk).has_role("mentor")
    with pytest.raises(ValidationError):
        mentors.mentor_apply(user=user, display_name="", expertise="x")


def _rated_booking(mentor, rating, days_ago):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    slot = mentor.slots.create(start=start, end=start + datetime.timedelta(hours=1), is_booked=True)
    return MentorBooking.objects.create(slot=slot, veteran=base.VeteranFactory(), topic="financing", rating=rating)


def test_mentor_rating_is_shown_only_from_three_ratings_with_average_and_count(client):
    mentor = f.mentor()
    future = f.slot(mentor)
    _rated_booking(mentor, 5, 3)
    _rated_booking(mentor, 4, 2)
    url = reverse("entrepreneurship:mentor_detail", args=[mentor.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "4.5" not in page
        and "Rating shown after 3 ratings" in page
        and future.start.astimezone(timezone.get_current_timezone()).strftime("%m-%d")
        in (client.get(reverse("entrepreneurship:mentor_list")).content.decode())
    )
    _rated_booking(mentor, 3, 1)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "★ 4.0 / 5 (3 ratings)" in page  # (5 + 4 + 3) / 3, from 3 ratings


def _active_residency(end_date, operator=None):
    operator = operator or base.OrgMemberFactory(org_type="incubator")
    home = f.incubator_base(operator=operator.organization)
    residency = Residency.objects.create(base=home, enterprise=f.enterprise(), workstations_requested=1)
    return incubators.residency_accept(
        residency=residency, user=operator, workstations=1, start_date=datetime.date(2025, 1, 1), end_date=end_date
    )


def test_expiry_task_ends_due_residencies_and_sends_the_30_day_notice_once():
    today = timezone.localdate()
    due = _active_residency(today - datetime.timedelta(days=1))
    soon = _active_residency(today + datetime.timedelta(days=30))
    later = _active_residency(today + datetime.timedelta(days=31))
    assert end_due_residencies() == {"ended": 1, "noticed": 1}
    assert end_due_residencies() == {"ended": 0, "noticed": 0}  # idempotent
    due.refresh_from_db()
    assert due.status == Residency.Status.EXITED and due.exited_on == due.end_date
    founder = soon.enterprise.founder
    assert Notification.objects.filter(recipient=founder, event_key__startswith="residency-ending:").count() == 1
    assert not Notification.objects.filter(recipient=later.enterprise.founder, event_key__startswith="residency-ending")
    # A renewal moves the end date: the new end gets its own notice when it comes near.
    operator = soon.base.operator.memberships.first().user
    incubators.residency_renew(residency=soon, user=operator, end_date=today + datetime.timedelta(days=20 + 30))
    assert end_due_residencies()["noticed"] == 0
