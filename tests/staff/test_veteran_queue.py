"""The veteran verification queue (退役报到审核) on the staff workbench: the waiting registrations oldest first, each
verified or returned with a reason through veteran_profile_verify, as the admin's bulk actions do (issue 22)."""

import pytest
from django.contrib.auth.models import Permission

from portal.models import Notification, VeteranProfile
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.jobs.test_browser import log_in

pytestmark = pytest.mark.django_db


def _waiting(**kwargs):
    user = VeteranFactory(profile=False, **kwargs)
    profile = VeteranProfile.objects.get(user=user)
    VeteranProfile.objects.filter(pk=profile.pk).update(status=VeteranProfile.Status.SUBMITTED)
    return profile


def test_the_queue_lists_waiting_registrations_and_is_for_staff_only(client):
    waiting, verified = _waiting(), VeteranFactory().veteran_profile
    client.force_login(UserFactory())
    assert client.get("/staff/veterans/queue/").status_code == 403
    assert client.get(f"/staff/veterans/{waiting.pk}/review/").status_code == 403
    client.force_login(StaffFactory())
    rows = client.get("/staff/veterans/queue/").context["page"].object_list
    assert [p.pk for p in rows] == [waiting.pk]
    assert [p.pk for p in client.get("/staff/veterans/queue/?state=verified").context["page"].object_list] == [
        verified.pk
    ]


def test_returning_needs_a_reason_and_staff_without_the_permission_may_only_read(client):
    profile = _waiting()
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(f"/staff/veterans/{profile.pk}/review/", {"decision": "reject", "note": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["note"]
    profile.refresh_from_db()
    assert profile.status == VeteranProfile.Status.SUBMITTED

    reader = StaffFactory()
    reader.groups.clear()
    reader.user_permissions.add(Permission.objects.get(codename="view_veteranprofile"))
    client.force_login(reader)
    page = client.get(f"/staff/veterans/{profile.pk}/review/")
    assert page.status_code == 200 and not page.context["may_decide"]
    assert client.post(f"/staff/veterans/{profile.pk}/review/", {"decision": "approve"}).status_code == 403
    profile.refresh_from_db()
    assert profile.status == VeteranProfile.Status.SUBMITTED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_return_one_registration_and_verify_another_from_the_workbench(page, live_server):
    page.url_base = live_server.url
    first, second = _waiting(), _waiting()
    staff = StaffFactory()
    log_in(page, staff)
    page.goto("/staff/")
    page.click("nav a[href='/staff/veterans/queue/']")
    page.wait_for_selector("[data-testid=veteran-row]")
    assert page.locator("[data-testid=veteran-row]").count() == 2

    page.click(f"a[href='/staff/veterans/{first.pk}/review/']")
    page.check("input[name=decision][value=reject]")
    page.click("[data-testid=veteran-decision] button[type=submit]")
    page.wait_for_selector(".invalid-feedback")  # the reason is required, next to its field
    page.check("input[name=decision][value=reject]")
    page.fill("textarea[name=note]", "退伍证扫描件不清晰，请重新上传")
    page.click("[data-testid=veteran-decision] button[type=submit]")
    page.wait_for_url("**/staff/veterans/queue/")
    first.refresh_from_db()
    assert first.status == VeteranProfile.Status.REJECTED and first.status_note == "退伍证扫描件不清晰，请重新上传"
    assert Notification.objects.filter(recipient=first.user, kind="profile_review").exists()

    page.click(f"a[href='/staff/veterans/{second.pk}/review/']")
    page.check("input[name=decision][value=approve]")
    page.click("[data-testid=veteran-decision] button[type=submit]")
    page.wait_for_url("**/staff/veterans/queue/")
    second.refresh_from_db()
    assert second.status == VeteranProfile.Status.VERIFIED and second.verified_by == staff
    assert page.locator("[data-testid=veteran-row]").count() == 0
