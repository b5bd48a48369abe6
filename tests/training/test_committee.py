"""Issue 22: the evaluation committee — staff appoint evaluators, evaluators score institutions on the rubric,
staff publish the period's results, and an institution under the threshold is flagged for the next allocation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.exceptions import AccessDenied
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.training.factories import InstitutionFactory, TrainingClassFactory
from training import services
from training.models import EvaluationResult, Evaluator
from training.models.committee import next_period, period_bounds, period_of

pytestmark = pytest.mark.django_db
PERIOD = period_of(timezone.localdate())
GOOD = {"teaching": 80, "attendance": 90, "completion": 70, "employment": 60, "ratings": 100}  # weighted: 76.50
POOR = {"teaching": 50, "attendance": 60, "completion": 50, "employment": 40, "ratings": 60}  # weighted: 50.00


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def third_party(staff):
    user = UserFactory(first_name="评估", last_name="王")
    return services.evaluator_appoint(user=user, kind="third_party", affiliation="南京某评估咨询公司", actor=staff)


def test_appointment_rules(staff):
    with pytest.raises(AccessDenied):
        services.evaluator_appoint(user=UserFactory(), kind="third_party", affiliation="X", actor=VeteranFactory())
    with pytest.raises(ValidationError) as exc:
        services.evaluator_appoint(user=UserFactory(), kind="third_party", affiliation="", actor=staff)
    assert "affiliation" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.evaluator_appoint(user=UserFactory(), kind="bureau", actor=staff)
    assert "user" in exc.value.message_dict  # a bureau evaluator is bureau staff
    colleague = StaffFactory()
    evaluator = services.evaluator_appoint(user=colleague, kind="bureau", actor=staff)
    with pytest.raises(ValidationError, match="already an evaluator"):
        services.evaluator_appoint(user=colleague, kind="bureau", actor=staff)
    services.evaluator_end(evaluator=evaluator, actor=staff)
    assert not Evaluator.objects.get(pk=evaluator.pk).is_active()


def test_scoring_weights_the_rubric_and_refuses_bad_scores(third_party):
    institution = InstitutionFactory()
    evaluation = services.institution_evaluation_submit(
        evaluator_user=third_party.user, institution=institution, period=PERIOD, scores=GOOD
    )
    assert evaluation.total == Decimal("76.50")
    with pytest.raises(ValidationError) as exc:
        services.institution_evaluation_submit(
            evaluator_user=third_party.user, institution=institution, period=PERIOD, scores={**GOOD, "teaching": 101}
        )
    assert "teaching" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.institution_evaluation_submit(
            evaluator_user=third_party.user, institution=institution, period="2026-Q3", scores=GOOD
        )
    assert "period" in exc.value.message_dict
    with pytest.raises(AccessDenied):
        services.institution_evaluation_submit(
            evaluator_user=UserFactory(), institution=institution, period=PERIOD, scores=GOOD
        )


def test_results_average_evaluators_and_flag_the_institution_under_the_threshold(staff, third_party, client):
    good, poor = InstitutionFactory(name="曲靖达标培训学校"), InstitutionFactory(name="曲靖待改进培训学校")
    bureau = services.evaluator_appoint(user=StaffFactory(), kind="bureau", actor=staff)
    for org, scores in ((good, GOOD), (poor, POOR)):
        services.institution_evaluation_submit(
            evaluator_user=third_party.user, institution=org, period=PERIOD, scores=scores
        )
    services.institution_evaluation_submit(
        evaluator_user=bureau.user, institution=poor, period=PERIOD, scores={**POOR, "teaching": 70}
    )  # 56.00
    results = {r.institution_id: r for r in services.evaluation_results_publish(period=PERIOD, actor=staff)}
    assert results[good.pk].score == Decimal("76.50") and not results[good.pk].flagged
    assert results[poor.pk].score == Decimal("53.00") and results[poor.pk].flagged  # (50 + 56) / 2
    assert results[poor.pk].evaluations == 2 and results[poor.pk].allocation_period == next_period(PERIOD)
    with pytest.raises(ValidationError, match="published"):
        services.institution_evaluation_submit(
            evaluator_user=third_party.user, institution=good, period=PERIOD, scores=POOR
        )
    page = client.get(reverse("training:institution_detail", args=[poor.pk])).content.decode()
    assert "53.00" in page and next_period(PERIOD) in page


def test_threshold_is_a_setting(staff, third_party, settings):
    from portal.models import Notification
    from tests.factories import OrgMemberFactory

    settings.TRAINING_EVALUATION_THRESHOLD = 80
    org = InstitutionFactory()
    member = OrgMemberFactory(organization=org)
    services.institution_evaluation_submit(evaluator_user=third_party.user, institution=org, period=PERIOD, scores=GOOD)
    (result,) = services.evaluation_results_publish(period=PERIOD, actor=staff)
    assert result.flagged and result.threshold == 80
    notice = Notification.objects.get(recipient=member, event_key=f"training.evaluation.{result.pk}.published")
    assert next_period(PERIOD) in notice.title


def test_measured_figures_are_kept_with_the_scores(third_party, institution_member):
    from tests.training.factories import SessionFactory
    from training.models import Attendance, Enrollment, Evaluation

    start, _end = period_bounds(PERIOD)
    cls = TrainingClassFactory(course__institution=institution_member.organization, start_date=start, end_date=start)
    sessions = [SessionFactory(training_class=cls) for _ in range(2)]
    done = Enrollment.objects.create(
        training_class=cls, veteran=VeteranFactory(), status="completed", sequence=1, completed_at=timezone.now()
    )
    failed = Enrollment.objects.create(training_class=cls, veteran=VeteranFactory(), status="not_completed", sequence=2)
    Attendance.objects.create(session=sessions[0], enrollment=done, method="code")
    Attendance.objects.create(session=sessions[1], enrollment=done, method="code")
    Attendance.objects.create(session=sessions[0], enrollment=failed, method="code")
    Evaluation.objects.create(enrollment=done, rating=4)
    evaluation = services.institution_evaluation_submit(
        evaluator_user=third_party.user, institution=institution_member.organization, period=PERIOD, scores=GOOD
    )
    # 3 of 4 session places attended; 1 of 2 completed; rating 4 of 5; the graduate finished today and is still
    # inside the 6-month window: employment is not known yet (None), not 0
    assert evaluation.measured == {"classes": 1, "attendance": 75, "completion": 50, "employment": None, "ratings": 80}


def test_evaluator_pages_and_staff_pages(client, staff, third_party):
    org = InstitutionFactory()
    client.force_login(third_party.user)
    url = reverse("training:evaluate_institution", args=[org.pk]) + f"?period={PERIOD}"
    bad = client.post(url, {**GOOD, "teaching": "abc", "period": PERIOD})
    assert bad.status_code == 400
    assert client.post(url, {**GOOD, "period": PERIOD}).status_code == 302
    assert EvaluationResult.objects.count() == 0
    client.force_login(VeteranFactory())
    assert client.get(reverse("training:evaluate")).status_code == 403
    assert client.get(reverse("training:staff_evaluators")).status_code == 403
    client.force_login(staff)
    response = client.post(reverse("training:staff_evaluation_results"), {"period": PERIOD})
    assert response.status_code == 302
    assert EvaluationResult.objects.get(institution=org).score == Decimal("76.50")
    form = client.post(reverse("training:staff_evaluators"), {"username": "nobody", "kind": "bureau"})
    assert form.status_code == 400


def test_api_scoring_goes_through_the_same_service(client, third_party):
    from tests.factories import api_key

    org = InstitutionFactory()
    url = "/api/v1/training-evaluations/"
    body = {"institution": org.pk, "period": PERIOD, **GOOD}
    ok = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {api_key(third_party.user)}"
    )
    assert ok.status_code == 201 and ok.json()["total"] == "76.50"
    stranger = api_key(UserFactory())
    refused = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {stranger}")
    assert refused.status_code == 403
    bad = client.post(
        url,
        {**body, "teaching": 150},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {api_key(third_party.user, name='second')}",
    )
    assert bad.status_code == 400
