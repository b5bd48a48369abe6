"""A training subsidy claim's steps and timeline (portal.progress): the services record each change, the claim's
page shows them with who holds the next step, and the guide sits beside the claim's forms."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import progress
from portal.services.status_history import status_changes_of
from tests.factories import StaffFactory, VeteranFactory
from tests.training.factories import CourseFactory, TrainingClassFactory, claim_with_evidence
from training import services
from training.models import Enrollment, SubsidyClaim

pytestmark = pytest.mark.django_db


def _claim():
    enrollment = Enrollment.objects.create(
        training_class=TrainingClassFactory(course=CourseFactory(subsidy_amount=Decimal("900.00"))),
        veteran=VeteranFactory(),
        status=Enrollment.Status.COMPLETED,
        sequence=1,
        completed_at=timezone.now(),
    )
    return services.subsidy_claim_file(enrollment=enrollment, actor=enrollment.veteran)


def _states(claim):
    claim.refresh_from_db()
    return [(s.step.value, s.state) for s in progress.shown_steps(claim)]


def _current_step_html(html):
    match = re.search(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', html, re.S)
    assert match, "no step marked aria-current"
    return match.group(1)


def test_a_paid_claim_went_through_each_recorded_step():
    staff, claim = StaffFactory(), claim_with_evidence(_claim())
    assert _states(claim) == [("submitted", "current"), ("approved", "upcoming"), ("paid", "upcoming")]
    assert progress.current_step(claim).holder == str(progress.HOLDER_BUREAU)
    services.subsidy_claim_approve(claim=claim, actor=staff, amount="800.00", note="缺勤一天")
    assert _states(claim) == [("submitted", "done"), ("approved", "current"), ("paid", "upcoming")]
    services.subsidy_payment_record(
        claim=claim, actor=staff, amount="800.00", paid_on=timezone.localdate(), voucher_number="记-2026-0007"
    )
    assert _states(claim) == [("submitted", "done"), ("approved", "done"), ("paid", "current")]
    assert progress.current_step(claim).holder == ""
    changes = [(c.from_status, c.to_status, c.actor_id) for c in status_changes_of(claim)]
    assert changes == [
        ("", "submitted", claim.enrollment.veteran_id),
        ("submitted", "approved", staff.pk),
        ("approved", "paid", staff.pk),
    ]
    assert "缺勤一天" in [entry.note for entry in progress.history(claim)]


def test_a_rejected_claim_ends_in_rejected_with_the_reason():
    claim = _claim()
    services.subsidy_claim_reject(claim=claim, actor=StaffFactory(), reason="发票与课程不符")
    assert [value for value, _state in _states(claim)] == ["submitted", "rejected"]
    assert progress.history(claim)[-1].note == "发票与课程不符"
    assert not progress.shown_steps(claim)[-1].complete


def test_claim_page_shows_the_timeline_and_the_guide_to_the_trainee_only(client):
    claim = _claim()
    services.subsidy_claim_reject(claim=claim, actor=StaffFactory(), reason="发票与课程不符")
    url = reverse("training:claim_detail", args=[claim.pk])
    client.force_login(claim.enrollment.veteran)
    html = client.get(url).content.decode()
    assert str(SubsidyClaim.Status.REJECTED.label) in _current_step_html(html) and "发票与课程不符" in html
    client.force_login(VeteranFactory())
    assert client.get(url).status_code == 404


def test_the_guide_is_beside_the_claim_forms(client):
    claim = _claim()
    guide = reverse("portal:guide", args=["training-subsidy"])
    client.force_login(claim.enrollment.veteran)
    assert guide in client.get(reverse("training:claim_detail", args=[claim.pk])).content.decode()
    enrollment = Enrollment.objects.create(
        training_class=TrainingClassFactory(course=CourseFactory(subsidy_amount=Decimal("500.00"))),
        veteran=claim.enrollment.veteran,
        status=Enrollment.Status.COMPLETED,
        sequence=1,
        completed_at=timezone.now(),
    )
    html = client.get(reverse("training:my_training")).content.decode()
    claim_button = html.index(reverse("training:enrollment_claim", args=[enrollment.pk]))
    assert guide in html[claim_button:]
