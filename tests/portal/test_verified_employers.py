"""Verified employers: registration with the credit code and the business licence, staff verification against a
checklist (a reason when refusing), the licence served only to members and staff, trust to publish without review
with spot checks, every step in the audit log, and the admin's actions through the same services."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from jobs.models import Position, PositionSpotCheck
from jobs.services import spot_checks
from jobs.services.positions import position_submit
from portal.exceptions import AccessDenied
from portal.models import AuditLog, Organization
from portal.models.organizations import VERIFICATION_CHECKS
from portal.services.organizations import organization_trust_set, organization_verify
from portal.synthetic import make_uscc
from tests.factories import OrganizationFactory, OrgMemberFactory, StaffFactory, UserFactory
from tests.jobs.factories import PositionFactory
from tests.portal.helpers import fake_pdf_upload, pdf_upload, png_upload

pytestmark = pytest.mark.django_db
ALL_CHECKS = dict.fromkeys(VERIFICATION_CHECKS, True)


def registration(**overrides) -> dict:
    from portal.models import Region

    data = {
        "name": "福州拥军物流有限公司",
        "org_type": "employer",
        "uscc": make_uscc("350100", 4242),
        "city": Region.objects.get(code="350100").pk,
        "contact_name": "陈经理",
        "contact_phone": "13800001111",
        "business_licence": pdf_upload("营业执照.pdf"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def pending(db):
    """A pending employer with its licence, registered through the page, and its founder."""
    from django.test import Client

    founder = UserFactory()
    client = Client()
    client.force_login(founder)
    assert client.post(reverse("portal:organization_register"), registration()).status_code == 302
    return Organization.objects.get(name="福州拥军物流有限公司"), founder


def test_registration_stores_the_licence_under_a_neutral_name_and_is_audited(pending):
    organization, founder = pending
    assert organization.business_licence.name.startswith("licences/")
    assert "营业执照" not in organization.business_licence.name
    assert AuditLog.objects.filter(actor=founder, detail__event="register", target_id=str(organization.pk)).exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"business_licence": ""}, "此项为必填项"),
        ({"business_licence": fake_pdf_upload()}, "不是允许的类型"),
        ({"uscc": "91350100000000001X"}, "统一社会信用代码"),
    ],
)
def test_registration_refuses_missing_or_bad_licence_and_bad_codes_with_translated_errors(client, changes, message):
    client.force_login(UserFactory())
    data = registration(**changes)
    if data["business_licence"] == "":
        del data["business_licence"]
    response = client.post(reverse("portal:organization_register"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organization.objects.exists()


def test_licence_is_served_to_members_and_staff_only(client, pending):
    organization, founder = pending
    url = reverse("portal:organization_licence", args=[organization.pk])
    client.force_login(founder)
    answer = client.get(url)
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    client.force_login(OrgMemberFactory(org_type="employer"))
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_verifying_needs_every_check_and_refusing_needs_a_reason(pending):
    organization, founder = pending
    staff = StaffFactory()
    with pytest.raises(ValidationError) as refused:
        organization_verify(organization=organization, staff_user=staff, checklist={**ALL_CHECKS, "name": False})
    assert "执照上的名称与注册名称一致" in str(refused.value)
    with pytest.raises(ValidationError):
        organization_verify(organization=organization, staff_user=staff, approve=False, checklist={"name": False})
    with pytest.raises(AccessDenied):
        organization_verify(organization=organization, staff_user=founder, checklist=ALL_CHECKS)
    organization_verify(
        organization=organization,
        staff_user=staff,
        approve=False,
        reason="执照名称与注册名称不一致",
        checklist={**ALL_CHECKS, "name": False},
    )
    organization.refresh_from_db()
    assert organization.status == Organization.Status.REJECTED
    assert organization.verification_checklist["name"] is False
    entry = AuditLog.objects.get(action=AuditLog.Action.REJECT, target_id=str(organization.pk))
    assert entry.actor == staff and entry.detail["reason"] == "执照名称与注册名称不一致"
    assert founder.notifications.filter(kind="organization").count() == 1


def test_an_organization_without_a_licence_cannot_be_verified():
    organization = OrganizationFactory(status=Organization.Status.PENDING)
    with pytest.raises(ValidationError) as refused:
        organization_verify(organization=organization, staff_user=StaffFactory(), checklist=ALL_CHECKS)
    assert "尚未上传营业执照" in str(refused.value)


def test_staff_page_shows_the_checklist_and_records_the_decision(client, pending):
    organization, _founder = pending
    client.force_login(StaffFactory())
    queue = client.get(reverse("portal:staff_organization_queue"))
    assert organization.name in queue.content.decode()
    url = reverse("portal:staff_organization_review", args=[organization.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="licence-link"' in page and "执照上的名称与注册名称一致" in page
    partial = client.post(url, {"decision": "approve", "check_credit_code": "on"})
    assert partial.status_code == 400 and "请先确认每一项" in partial.content.decode()
    no_reason = client.post(url, {"decision": "reject"})
    assert no_reason.status_code == 400
    done = client.post(url, {"decision": "approve", **{f"check_{key}": "on" for key in VERIFICATION_CHECKS}})
    assert done.status_code == 302
    organization.refresh_from_db()
    assert organization.is_verified() and organization.verification_checklist == ALL_CHECKS
    assert AuditLog.objects.filter(action=AuditLog.Action.VERIFY, target_id=str(organization.pk)).count() == 1
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_licence_upload_sends_the_organization_back_for_verification(client, pending):
    organization, founder = pending
    organization_verify(organization=organization, staff_user=StaffFactory(), checklist=ALL_CHECKS)
    client.force_login(founder)
    url = reverse("portal:organization_licence_upload", args=[organization.pk])
    assert client.post(url, {"business_licence": png_upload("licence.png")}).status_code == 302
    organization.refresh_from_db()
    assert organization.status == Organization.Status.PENDING
    assert organization.business_licence.name.endswith(".jpg")  # a photo is re-encoded
    client.force_login(OrgMemberFactory(org_type="employer"))
    assert client.get(url).status_code == 404


@pytest.fixture
def trusted_employer():
    member = OrgMemberFactory(org_type="employer")
    organization_trust_set(organization=member.organization, staff_user=StaffFactory(), auto_publish=True)
    return member


def draft(member):
    return PositionFactory(organization=member.organization, status=Position.Status.DRAFT, published_at=None)


def test_trust_is_for_verified_employers_and_audited(trusted_employer):
    entry = AuditLog.objects.get(detail__event="organization_trust_set")
    assert entry.detail["after"] == {"auto_publish": True, "spot_check_percent": None}
    pending_org = OrganizationFactory(status=Organization.Status.PENDING)
    with pytest.raises(ValidationError):
        organization_trust_set(organization=pending_org, staff_user=StaffFactory(), auto_publish=True)
    with pytest.raises(ValidationError):
        organization_trust_set(
            organization=trusted_employer.organization,
            staff_user=StaffFactory(),
            auto_publish=True,
            spot_check_percent=150,
        )


def test_trusted_positions_publish_at_once_and_the_share_lands_in_the_spot_check_queue(trusted_employer, monkeypatch):
    organization = trusted_employer.organization
    organization_trust_set(
        organization=organization, staff_user=StaffFactory(), auto_publish=True, spot_check_percent=30
    )
    draws = iter([10, 29, 30, 95])  # below 30 is drawn
    monkeypatch.setattr(spot_checks._draw, "randrange", lambda n: next(draws))
    positions = [position_submit(position=draft(trusted_employer), user=trusted_employer) for _ in range(4)]
    assert all(p.status == Position.Status.PUBLISHED for p in positions)
    checked = set(PositionSpotCheck.objects.values_list("position_id", flat=True))
    assert checked == {positions[0].pk, positions[1].pk}


def test_site_default_share_applies_without_an_employer_share(trusted_employer, settings):
    settings.POSITION_SPOT_CHECK_PERCENT = 100
    position_submit(position=draft(trusted_employer), user=trusted_employer)
    settings.POSITION_SPOT_CHECK_PERCENT = 0
    position_submit(position=draft(trusted_employer), user=trusted_employer)
    assert PositionSpotCheck.objects.count() == 1


def test_spot_check_queue_passes_or_takes_down_and_can_withdraw_trust(client, trusted_employer, settings):
    settings.POSITION_SPOT_CHECK_PERCENT = 100
    kept = position_submit(position=draft(trusted_employer), user=trusted_employer)
    bad = position_submit(position=draft(trusted_employer), user=trusted_employer)
    client.force_login(StaffFactory())
    assert kept.title in client.get(reverse("jobs:staff_spot_checks")).content.decode()
    client.post(reverse("jobs:staff_spot_check_decide", args=[kept.spot_check.pk, "pass"]))
    no_reason = client.post(reverse("jobs:staff_spot_check_decide", args=[bad.spot_check.pk, "take-down"]))
    assert no_reason.status_code == 302 and PositionSpotCheck.objects.get(position=bad).status == "waiting"
    client.post(
        reverse("jobs:staff_spot_check_decide", args=[bad.spot_check.pk, "take-down"]),
        {"reason": "薪资与描述不符", "withdraw_trust": "on"},
    )
    bad.refresh_from_db()
    assert bad.status == Position.Status.CLOSED and bad.rejection_reason == "薪资与描述不符"
    assert PositionSpotCheck.objects.get(position=kept).status == "passed"
    organization = Organization.objects.get(pk=trusted_employer.organization.pk)
    assert organization.auto_publish is False
    assert trusted_employer.notifications.filter(event_key__contains="spot-check").count() == 1
    after = position_submit(position=draft(trusted_employer), user=trusted_employer)
    assert after.status == Position.Status.PENDING  # reviewed again


def test_admin_actions_go_through_the_services(pending):
    organization, _founder = pending
    admin = site._registry[Organization]
    names = {name: action for action, name, _desc in admin._get_base_actions()}
    assert {"verify_selected", "reject_selected", "trust_selected", "untrust_selected"} <= set(names)
    assert names["verify_selected"].service is organization_verify
    assert {"business_licence", "verification_checklist", "auto_publish"} <= set(admin.get_readonly_fields(None))
    request = RequestFactory().post("/admin/")
    request.user = StaffFactory(is_superuser=True)
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    names["verify_selected"](admin, request, Organization.objects.filter(pk=organization.pk))
    organization.refresh_from_db()
    assert organization.is_verified() and organization.verification_checklist == ALL_CHECKS


def test_staff_verify_and_refuse_through_the_api_with_the_services_rules(pending):
    from rest_framework.test import APIClient

    pending, founder = pending
    api = APIClient()
    api.force_authenticate(founder)
    assert api.get("/api/v1/organization-reviews/").status_code == 403
    api.force_authenticate(StaffFactory())
    assert [o["id"] for o in api.get("/api/v1/organization-reviews/").json()["results"]] == [pending.pk]
    url = f"/api/v1/organization-reviews/{pending.pk}/"
    partial = api.post(url + "verify/", {"checklist": ["credit_code", "name"]}, format="json")
    assert partial.status_code == 400 and "checklist" in partial.json()
    assert api.post(url + "refuse/", {"reason": ""}, format="json").status_code == 400
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    done = api.post(url + "verify/", {"checklist": ["credit_code", "name", "valid", "legible"]}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "verified"
    assert AuditLog.objects.filter(target_id=str(pending.pk), detail__checklist__legible=True).exists()
