"""Counselling and legal aid (issue 19, item 2): asking, assigning, booking a provider's slot, outcome notes
visible to the three parties only (shareable ones to the requester), closing and rating; every read of a
request's content audited; nobody else — other staff included, admin included — sees the content."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.counsel import services
from portal.counsel.models import CounselRequest
from portal.models import AuditLog
from tests.counsel.helpers import case
from tests.factories import StaffFactory, UserFactory, VeteranFactory, family_member

pytestmark = pytest.mark.django_db

SECRET = "欠薪三个月"


def _reads(request):
    return AuditLog.objects.filter(
        action=AuditLog.Action.UNMASK, target_type="counsel.CounselRequest", target_id=str(request.pk)
    )


def test_the_whole_journey_through_the_services():
    request, veteran, staff, provider, slot = case(booked=True)
    assert request.status == "booked" and request.slot == slot and request.assigned_staff == staff
    private = services.note_add(request=request, user=provider.user, text="内部：证据不足", shareable=False)
    shared = services.note_add(request=request, user=provider.user, text="建议先申请调解", shareable=True)
    with pytest.raises(ValidationError):
        services.request_rate(request=request, user=veteran, rating=5)  # not closed yet
    services.request_close(request=request, user=provider.user)
    with pytest.raises(ValidationError):
        services.request_rate(request=request, user=veteran, rating=6)
    with pytest.raises(ValidationError):
        services.request_rate(request=request, user=provider.user, rating=5)
    services.request_rate(request=request, user=veteran, rating=4)
    request.refresh_from_db()
    assert (request.status, request.rating) == ("closed", 4)
    with pytest.raises(ValidationError):
        services.request_rate(request=request, user=veteran, rating=5)
    assert {private.shareable, shared.shareable} == {False, True}


def test_a_family_member_may_ask_and_other_roles_may_not():
    family = family_member()
    assert services.request_create(user=family, kind="counselling", description="失眠", preferred_times="晚上")
    with pytest.raises(ValidationError):
        services.request_create(user=UserFactory(), kind="counselling", description="x", preferred_times="y")


def test_assignment_needs_the_right_kind_of_provider_and_happens_once():
    request, _veteran, staff, provider, _slot = case(kind="legal")
    counsellor = services.provider_mark(user=UserFactory(), staff_user=staff, kind="counsellor")
    other = services.request_create(user=VeteranFactory(), kind="legal", description="d", preferred_times="p")
    with pytest.raises(ValidationError) as exc:
        services.request_assign(request=other, staff_user=staff, provider=counsellor)
    assert "provider" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.request_assign(request=request, staff_user=StaffFactory(), provider=provider)  # already assigned


def test_a_slot_is_booked_once_and_only_from_the_assigned_provider():
    request, veteran, _staff, provider, slot = case()
    other, other_vet, *_ = case()
    with pytest.raises(ValidationError):
        services.request_book(request=other, user=other_vet, slot=slot)  # another provider's slot
    services.request_book(request=request, user=veteran, slot=slot)
    with pytest.raises(ValidationError):
        services.request_book(request=request, user=veteran, slot=slot)
    with pytest.raises(ValidationError):
        services.slot_add(
            provider=provider, starts_at=timezone.now() - datetime.timedelta(hours=1), minutes=60, place="x"
        )
    with pytest.raises(ValidationError):
        services.slot_add(provider=provider, starts_at=slot.starts_at, minutes=60, place="x")  # same time twice


def test_content_only_for_the_three_parties_and_every_read_is_audited(client):
    request, veteran, staff, provider, _slot = case(booked=True)
    url = reverse("counsel:detail", args=[request.pk])
    for user in (veteran, provider.user, staff):
        client.force_login(user)
        before = _reads(request).count()
        response = client.get(url)
        assert response.status_code == 200 and SECRET in response.content.decode()
        assert _reads(request).count() == before + 1
        assert _reads(request).order_by("-pk").first().actor == user
    others = [StaffFactory(), VeteranFactory(), family_member(veteran), UserFactory()]
    for user in others:
        client.force_login(user)
        before = _reads(request).count()
        assert client.get(url).status_code == 404
        assert _reads(request).count() == before  # a refusal reads nothing
    client.logout()
    assert client.get(url).status_code == 302


def test_outcome_notes_the_requester_sees_only_shared_ones(client):
    request, veteran, staff, provider, _slot = case(booked=True)
    services.note_add(request=request, user=provider.user, text="内部评估记录", shareable=False)
    services.note_add(request=request, user=provider.user, text="建议先申请调解", shareable=True)
    url = reverse("counsel:detail", args=[request.pk])
    client.force_login(veteran)
    page = client.get(url).content.decode()
    assert "建议先申请调解" in page and "内部评估记录" not in page
    for user in (provider.user, staff):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "建议先申请调解" in page and "内部评估记录" in page


def test_other_staff_see_no_content_in_the_queue_or_the_admin(client):
    request, *_ = case()
    waiting = services.request_create(
        user=VeteranFactory(), kind="counselling", description="噩梦不断", preferred_times="周一"
    )
    other = StaffFactory(is_superuser=True)
    client.force_login(other)
    queue = client.get(reverse("counsel:queue")).content.decode()
    assert f"#{waiting.pk}" in queue and "噩梦不断" not in queue and "周一" not in queue
    admin_list = client.get(reverse("admin:counsel_counselrequest_changelist"))
    admin_page = client.get(reverse("admin:counsel_counselrequest_change", args=[request.pk]))
    for response in (admin_list, admin_page):
        assert response.status_code == 200
        assert SECRET not in response.content.decode() and "周六上午" not in response.content.decode()


def test_bad_input_gets_translated_errors_never_a_500(client):
    veteran = VeteranFactory()
    client.force_login(veteran)
    response = client.post(reverse("counsel:new"), {"kind": "magic", "description": "", "preferred_times": ""})
    assert response.status_code == 400
    response = client.post(reverse("counsel:new"), {"kind": "legal", "description": "  ", "preferred_times": "x"})
    assert response.status_code == 400
    assert not CounselRequest.objects.filter(requester=veteran).exists()
    request, veteran, _staff, provider, _slot = case()
    client.force_login(veteran)
    for data in ({"slot": "abc"}, {"slot": "999999"}, {}):
        response = client.post(reverse("counsel:book", args=[request.pk]), data)
        assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "assigned"
    client.force_login(provider.user)
    response = client.post(reverse("counsel:provider"), {"starts_at": "yesterday", "minutes": "9999", "place": ""})
    assert response.status_code == 400
    response = client.post(reverse("counsel:close", args=[request.pk]))  # no outcome yet: refused with a message
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "assigned"


def test_staff_register_a_provider_and_assign_from_the_queue(client):
    staff = StaffFactory()
    lawyer = UserFactory()
    client.force_login(staff)
    response = client.post(reverse("counsel:queue"), {"username": "nobody-here", "kind": "lawyer"})
    assert response.status_code == 400
    response = client.post(reverse("counsel:queue"), {"username": lawyer.username, "kind": "lawyer"})
    assert response.status_code == 302
    request = services.request_create(user=VeteranFactory(), kind="legal", description="d", preferred_times="p")
    url = reverse("counsel:assign", args=[request.pk])
    client.post(url, {f"r{request.pk}-provider": "junk"})
    request.refresh_from_db()
    assert request.status == "open"
    client.post(url, {f"r{request.pk}-provider": lawyer.counsel_provider.pk})
    request.refresh_from_db()
    assert (request.status, request.provider.user, request.assigned_staff) == ("assigned", lawyer, staff)
