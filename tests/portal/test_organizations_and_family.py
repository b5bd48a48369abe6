"""Organizations (registration, verification, invitations) and family members linked to veterans."""

import re

import pytest
from django.core import mail

from portal.models import FamilyMemberProfile, Organization, OrganizationMembership, Role
from portal.models.organizations import VERIFICATION_CHECKS
from portal.services.organizations import organization_verify
from portal.synthetic import make_id_number, make_uscc
from tests.factories import OrganizationFactory, UserFactory
from tests.portal.helpers import pdf_upload

pytestmark = pytest.mark.django_db


def org_form(**overrides):
    from portal.models import Region

    data = {
        "name": "福州拥军物流有限公司",
        "org_type": "employer",
        "uscc": make_uscc("350100", 777),
        "city": Region.objects.get(code="350100").pk,
        "contact_name": "陈经理",
        "contact_phone": "13800001111",
    }
    data.update(overrides)
    return data


def test_register_organization_pending_until_staff_verify(client, staff_user):
    user = UserFactory()
    client.force_login(user)
    assert client.post("/me/organization/new/", org_form(business_licence=pdf_upload("licence.pdf"))).status_code == 302
    org = Organization.objects.get(name="福州拥军物流有限公司")
    assert org.status == Organization.Status.PENDING
    assert OrganizationMembership.objects.get(organization=org, user=user).role == "admin"
    assert user.has_role(Role.EMPLOYER)
    organization_verify(organization=org, staff_user=staff_user, checklist=dict.fromkeys(VERIFICATION_CHECKS, True))
    assert Organization.objects.get(pk=org.pk).is_verified()
    assert user.notifications.filter(kind="organization").count() == 1


def test_bad_credit_code_is_refused(client):
    client.force_login(UserFactory())
    response = client.post("/me/organization/new/", org_form(uscc="91350100000000001X"))
    assert response.status_code == 400
    assert "统一社会信用代码" in response.content.decode()
    assert not Organization.objects.exists()


def test_rejecting_needs_a_reason(staff_user):
    from django.core.exceptions import ValidationError

    org = OrganizationFactory(status=Organization.Status.PENDING)
    with pytest.raises(ValidationError):
        organization_verify(organization=org, staff_user=staff_user, approve=False)


def test_invitation_flow_and_scoping(client, django_capture_on_commit_callbacks):
    admin_user, outsider, invitee = UserFactory(), UserFactory(), UserFactory(email="new@example.cn")
    org = OrganizationFactory()
    OrganizationMembership.objects.create(organization=org, user=admin_user, role="admin")
    client.force_login(outsider)
    assert client.get(f"/me/organization/{org.pk}/invite/").status_code == 404
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/me/organization/{org.pk}/invite/", {"email": "new@example.cn"}).status_code == 302
    token = re.search(r"/invitations/(\S+)/", mail.outbox[-1].body).group(1)
    client.force_login(outsider)  # someone else cannot use it
    client.post(f"/invitations/{token}/")
    assert not org.memberships.filter(user=outsider).exists()
    client.force_login(invitee)
    assert client.post(f"/invitations/{token}/").status_code == 302
    assert org.memberships.filter(user=invitee).exists()
    assert client.post(f"/invitations/{token}/").status_code == 200  # used once only


def test_family_member_links_to_a_registered_veteran(client, veteran):
    user = UserFactory()
    client.force_login(user)
    from portal.models import Region

    data = {
        "real_name": "林芳",
        "id_number": make_id_number("350102", seq=602, male=False),
        "relation": "spouse",
        "veteran_id_number": veteran.veteran_profile.get_id_number(),
        "phone": "13600000000",
        "city": Region.objects.get(code="350100").pk,
    }
    unknown = {**data, "veteran_id_number": make_id_number("350102", seq=604)}
    response = client.post("/me/family/", unknown)
    assert response.status_code == 200 and "无法与该身份证号的退役军人登记关联" in response.content.decode()
    assert client.post("/me/family/", data).status_code == 302
    family = FamilyMemberProfile.objects.get(user=user)
    assert family.veteran == veteran.veteran_profile and not family.verified
    assert user.has_role(Role.FAMILY)


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_login_failures_are_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    UserFactory(username="target")
    from allauth.account.adapter import DefaultAccountAdapter
    from django.utils import translation

    with translation.override("zh-hans"):
        message = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    bodies = [
        client.post("/accounts/login/", {"login": "target", "password": "wrong"}).content.decode() for _ in range(5)
    ]
    assert message not in bodies[0]
    assert message in bodies[-1]
