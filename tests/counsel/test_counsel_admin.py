"""The counselling admin holds to the one door: assigning a provider and retiring one are actions calling the
services the queue page calls, with the same refusals, and the admin still shows no request's content."""

import pytest
from django.urls import reverse

from portal.counsel import services
from portal.counsel.models import CounselRequest, Provider
from portal.models import AuditLog
from tests.factories import StaffFactory, UserFactory, VeteranFactory

pytestmark = pytest.mark.django_db
URL = "/admin/counsel/counselrequest/"


def _open(kind="legal"):
    return services.request_create(user=VeteranFactory(), kind=kind, description="被拖欠工资", preferred_times="周二")


def test_assigning_in_the_admin_asks_for_the_provider_then_calls_the_service(client):
    staff = StaffFactory()
    lawyer = services.provider_mark(user=UserFactory(), staff_user=staff, kind="lawyer")
    legal, counselling = _open("legal"), _open("counselling")
    client.force_login(staff)
    selected = {"action": "assign_selected", "_selected_action": [legal.pk, counselling.pk]}
    asked = client.post(URL, selected)
    assert asked.status_code == 200 and "provider" in asked.context["form"].fields
    assert "被拖欠工资" not in asked.content.decode()
    done = client.post(URL, {**selected, "apply": "1", "provider": lawyer.pk}, follow=True)
    messages = [str(m) for m in done.context["messages"]]
    legal.refresh_from_db(), counselling.refresh_from_db()
    assert legal.provider == lawyer and legal.assigned_staff == staff and legal.status == CounselRequest.Status.ASSIGNED
    # The service's own refusal (a lawyer does not take counselling) comes back as a translated admin message.
    assert counselling.provider is None and counselling.status == CounselRequest.Status.OPEN
    assert any("心理咨询申请分配给咨询师" in m for m in messages), messages
    assert AuditLog.objects.filter(target_id=str(legal.pk), detail__counsel="assigned", actor=staff).exists()


def test_a_bad_provider_choice_is_a_form_error_not_a_500(client):
    staff = StaffFactory()
    request = _open()
    client.force_login(staff)
    response = client.post(
        URL, {"action": "assign_selected", "_selected_action": [request.pk], "apply": "1", "provider": "999999"}
    )
    assert response.status_code == 200 and response.context["form"].errors["provider"]
    request.refresh_from_db()
    assert request.status == CounselRequest.Status.OPEN


def test_retiring_a_provider_keeps_their_requests_and_is_audited(client):
    staff = StaffFactory()
    lawyer = services.provider_mark(user=UserFactory(), staff_user=staff, kind="lawyer")
    request = _open()
    services.request_assign(request=request, staff_user=staff, provider=lawyer)
    client.force_login(staff)
    url = reverse("admin:counsel_provider_changelist")
    selected = {"action": "retire_selected", "_selected_action": [lawyer.pk]}
    assert client.post(url, selected).status_code == 200  # asks for the reason first
    assert client.post(url, {**selected, "apply": "1", "reason": "合同到期"}).status_code == 302
    lawyer.refresh_from_db(), request.refresh_from_db()
    assert lawyer.active is False and request.provider == lawyer
    assert AuditLog.objects.filter(target_id=str(lawyer.pk), detail__counsel__startswith="provider retired").exists()
    # A retired provider cannot be assigned new requests, in the admin as on the page.
    other = _open()
    client.post(URL, {"action": "assign_selected", "_selected_action": [other.pk], "apply": "1", "provider": lawyer.pk})
    other.refresh_from_db()
    assert other.provider is None
    assert not Provider.objects.filter(active=True).exists()
