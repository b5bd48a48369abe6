"""A likely-duplicate pair that staff found to be two people leaves the list, on the page and through the API;
the API merges through the same service as the page."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from jobs.models import Application
from portal.models import AuditLog, DuplicateDismissal, User, VeteranProfile
from portal.services.person_merge import duplicate_dismiss
from portal.staff.duplicates import likely_duplicates
from tests import factories
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins():
    first, second = (
        factories.VeteranFactory(profile__real_name="林海"),
        factories.VeteranFactory(profile__real_name="林海"),
    )
    VeteranProfile.objects.filter(user__in=[first, second]).update(birth_date=datetime.date(1990, 5, 6))
    return first, second


def _listed(first, second) -> bool:
    return any({p.first.pk, p.second.pk} == {first.pk, second.pk} for p in likely_duplicates())


def test_a_dismissed_pair_is_no_longer_listed_and_the_decision_is_audited(twins):
    first, second = twins
    staff = factories.StaffFactory()
    assert _listed(first, second)
    dismissal = duplicate_dismiss(first=second, second=first, staff=staff, reason="双胞胎兄弟")
    assert (dismissal.first_id, dismissal.second_id) == tuple(sorted((first.pk, second.pk)))
    assert not _listed(first, second)
    assert duplicate_dismiss(first=first, second=second, staff=staff, reason="再次").pk == dismissal.pk
    audit = AuditLog.objects.filter(detail__event="not_a_duplicate")
    assert audit.count() == 1 and audit.get().actor == staff


def test_dismissing_needs_a_reason_and_the_right(twins):
    from django.core.exceptions import ValidationError

    from portal.exceptions import AccessDenied

    first, second = twins
    with pytest.raises(ValidationError):
        duplicate_dismiss(first=first, second=second, staff=factories.StaffFactory(), reason=" ")
    with pytest.raises(AccessDenied):
        duplicate_dismiss(first=first, second=second, staff=first, reason="不是同一人")
    assert not DuplicateDismissal.objects.exists()


def test_the_page_marks_a_pair_as_two_people(client, twins):
    first, second = twins
    client.force_login(factories.StaffFactory())
    merge_url = reverse("portal:staff_duplicate_merge", args=[first.pk, second.pk])
    dismiss_url = reverse("portal:staff_duplicate_dismiss", args=[first.pk, second.pk])
    page = client.get(merge_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert dismiss_url in page and 'name="dismiss-reason"' in page and page.count('id="id_reason"') == 1
    refused = client.post(dismiss_url, {"dismiss-reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    done = client.post(dismiss_url, {"dismiss-reason": "身份证核对为双胞胎"})
    assert done.status_code == 302 and done["Location"] == reverse("portal:staff_duplicates")
    assert merge_url not in client.get(reverse("portal:staff_duplicates")).content.decode()
    assert User.objects.get(pk=second.pk).is_active  # nothing merged


def test_the_api_lists_merges_and_dismisses_through_the_services(api_client, twins):
    first, second = twins
    Application.objects.create(position=PositionFactory(), veteran=second)
    api_client.force_authenticate(factories.StaffFactory())
    listed = api_client.get("/api/v1/duplicates/")
    assert listed.status_code == 200
    pair = next(p for p in listed.json() if {p["first"]["id"], p["second"]["id"]} == {first.pk, second.pk})
    assert pair["reasons"] == ["name_birth"] and pair["first"]["kind"] == "veteran"
    assert "林海" not in str(pair)  # names are masked, as on the page

    assert (
        api_client.post(
            "/api/v1/duplicates/merge/", {"survivor": first.pk, "absorbed": first.pk, "reason": "x"}
        ).status_code
        == 400
    )
    missing = api_client.post("/api/v1/duplicates/merge/", {"survivor": first.pk, "absorbed": 999999, "reason": "x"})
    assert missing.status_code == 404
    merged = api_client.post(
        "/api/v1/duplicates/merge/", {"survivor": first.pk, "absorbed": second.pk, "reason": "电话核实"}, format="json"
    )
    assert merged.status_code == 200, merged.json()
    assert sum(merged.json()["moved"].values()) >= 1
    assert not User.objects.get(pk=second.pk).is_active
    assert Application.objects.filter(veteran=first).count() == 1

    third, fourth = factories.VeteranFactory(), factories.VeteranFactory()
    no_reason = api_client.post("/api/v1/duplicates/dismiss/", {"first": third.pk, "second": fourth.pk, "reason": ""})
    assert no_reason.status_code == 400
    dismissed = api_client.post(
        "/api/v1/duplicates/dismiss/", {"first": fourth.pk, "second": third.pk, "reason": "不同的人"}, format="json"
    )
    assert dismissed.status_code == 200
    assert dismissed.json() == {"first": min(third.pk, fourth.pk), "second": max(third.pk, fourth.pk)}


def test_the_api_refuses_everyone_without_the_right(api_client, twins):
    first, second = twins
    api_client.force_authenticate(first)
    assert api_client.get("/api/v1/duplicates/").status_code == 403
    body = {"survivor": first.pk, "absorbed": second.pk, "reason": "x"}
    assert api_client.post("/api/v1/duplicates/merge/", body).status_code == 403
    staff = factories.StaffFactory()
    group = Group.objects.get(name="staff")
    group.permissions.remove(*group.permissions.filter(codename="change_user"))
    api_client.force_authenticate(User.objects.get(pk=staff.pk))
    assert (
        api_client.post(
            "/api/v1/duplicates/dismiss/", {"first": first.pk, "second": second.pk, "reason": "x"}
        ).status_code
        == 403
    )
    assert User.objects.get(pk=second.pk).is_active and not DuplicateDismissal.objects.exists()
