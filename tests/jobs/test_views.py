"""Pages: constant SQL queries for list and detail, scoping (another organization's objects answer 404), refusals."""

import pytest
from django.urls import reverse

from jobs.models import Application, Position
from jobs.services.applications import application_submit
from tests.factories import OrgMemberFactory, StaffFactory
from tests.jobs.factories import JobFairFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [3, 30])
def test_list_page_uses_constant_queries(client, veteran, django_assert_max_num_queries, rows):
    for i in range(rows):
        PositionFactory(title=f"驾驶员{i}", skills=["驾驶", "A1"])
    client.force_login(veteran)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("jobs:index"), {"q": "驾驶员", "sort": "salary"})
    assert response.status_code == 200
    assert f"驾驶员{rows - 1}" in response.content.decode()


@pytest.mark.parametrize("others", [1, 10])
def test_detail_page_uses_constant_queries(client, veteran, django_assert_max_num_queries, others):
    position = PositionFactory()
    for _ in range(others):
        PositionFactory(organization=position.organization)
    client.force_login(veteran)
    client.get(reverse("jobs:index"))  # the first page caches the header and menu (portal.user_cache)
    # session, user, position (+ specialties), manager?, own application, family and veteran profile (may apply?),
    # sharing consent (apply form), the employer's other positions: the same for 1 and 10 of them
    with django_assert_max_num_queries(10):
        response = client.get(reverse("jobs:position_detail", args=[position.pk]))
    assert response.status_code == 200


def test_pending_position_is_hidden_from_public(client):
    position = PositionFactory(status=Position.Status.PENDING)
    assert client.get(reverse("jobs:position_detail", args=[position.pk])).status_code == 404


def test_apply_twice_shows_clear_message(client, veteran):
    position = PositionFactory()
    client.force_login(veteran)
    client.post(reverse("jobs:apply", args=[position.pk]), {"note": "你好", "share_consent": "on"})
    response = client.post(reverse("jobs:apply", args=[position.pk]), follow=True)
    assert "已经申请" in response.content.decode() or "already applied" in response.content.decode()
    assert Application.objects.filter(position=position).count() == 1


def test_my_applications_lists_only_mine(client, veteran):
    mine = application_submit(
        share_consent=True, channel="web", position=PositionFactory(title="我的岗位"), veteran=veteran
    )
    client.force_login(veteran)
    body = client.get(reverse("jobs:my_applications")).content.decode()
    assert mine.position.title in body


def test_employer_sees_own_applicant_and_not_others(client, veteran, employer_member):
    own = application_submit(
        share_consent=True,
        channel="web",
        position=PositionFactory(organization=employer_member.organization),
        veteran=veteran,
    )
    foreign = application_submit(share_consent=True, channel="web", position=PositionFactory(), veteran=veteran)
    client.force_login(employer_member)
    response = client.get(reverse("jobs:employer_application", args=[own.pk]))
    assert response.status_code == 200
    assert veteran.veteran_profile.get_id_number() not in response.content.decode()
    own.refresh_from_db()
    assert own.status == Application.Status.VIEWED
    assert client.get(reverse("jobs:employer_application", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("jobs:employer_application", args=[foreign.pk]), {"status": "intent"}).status_code == 404
    assert client.get(reverse("jobs:employer_application_resume", args=[foreign.pk])).status_code == 404


def test_employer_cannot_edit_another_employers_position(client, employer_member):
    foreign = PositionFactory(status=Position.Status.DRAFT)
    client.force_login(employer_member)
    assert client.get(reverse("jobs:employer_position", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("jobs:employer_position_close", args=[foreign.pk])).status_code == 404


def test_employer_pipeline_move_to_intent(client, veteran, employer_member):
    application = application_submit(
        share_consent=True,
        channel="web",
        position=PositionFactory(organization=employer_member.organization),
        veteran=veteran,
    )
    client.force_login(employer_member)
    response = client.post(reverse("jobs:employer_application", args=[application.pk]), {"status": "intent"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.INTENT


def test_staff_review_page_is_staff_only(client, veteran):
    position = PositionFactory(status=Position.Status.PENDING)
    review = reverse("jobs:staff_review")
    assert client.get(review).status_code == 302  # a visitor is asked to sign in
    client.force_login(veteran)
    assert client.get(review).status_code == 403
    assert client.post(reverse("jobs:staff_review_position", args=[position.pk, "approve"])).status_code == 403
    position.refresh_from_db()
    assert position.status == Position.Status.PENDING
    client.force_login(StaffFactory())
    assert position.title in client.get(reverse("jobs:staff_review")).content.decode()
    client.post(reverse("jobs:staff_review_position", args=[position.pk, "approve"]))
    position.refresh_from_db()
    assert position.status == Position.Status.PUBLISHED


def test_fair_pages_register_ticket_and_scanner(client, veteran):
    fair = JobFairFactory()
    assert client.get(reverse("jobs:fair_detail", args=[fair.pk])).status_code == 200
    client.force_login(veteran)
    response = client.post(reverse("jobs:fair_register", args=[fair.pk]))
    assert response.status_code == 302
    assert client.get(reverse("jobs:fair_ticket", args=[fair.pk])).status_code == 200
    qr = client.get(reverse("jobs:fair_ticket_qr", args=[fair.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert client.get(reverse("jobs:fair_scan", args=[fair.pk])).status_code == 404
    client.force_login(OrgMemberFactory(org_type="employer"))
    assert client.get(reverse("jobs:fair_ticket", args=[fair.pk])).status_code == 404


def test_note_labels_read_as_remark_in_chinese_not_allauths_warning():
    """allauth's catalogue, loaded first, translates a bare "Note" as 注意 (a warning); ours says 备注 (a remark)."""
    from django.utils import translation

    from jobs.forms import BoothApplyForm, IntentForm, TransitionForm

    with translation.override("zh-hans"):
        for form_class in (TransitionForm, BoothApplyForm, IntentForm):
            assert str(form_class.base_fields["note"].label) == "备注"
