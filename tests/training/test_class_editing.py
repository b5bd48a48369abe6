"""Issue 22: the institution edits its class (page, API, admin door); a capacity raise seats the waitlist before
any newcomer, in arrival order; trainees are told of changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.exceptions import AccessDenied
from portal.models import AuditLog, Notification
from tests.factories import OrgMemberFactory, VeteranFactory, api_key
from tests.training.factories import InstitutionFactory
from training import services
from training.models import Enrollment, TrainingClass

pytestmark = pytest.mark.django_db
S = Enrollment.Status


def _full_class_with_waiters(training_class, waiters=2):
    training_class.capacity = 1
    training_class.save()
    first = services.enrollment_create(training_class=training_class, veteran=VeteranFactory())
    waiting = [
        services.enrollment_create(training_class=training_class, veteran=VeteranFactory()) for _ in range(waiters)
    ]
    assert first.status == S.ENROLLED and all(w.status == S.WAITLISTED for w in waiting)
    return first, waiting


def _edit(training_class, actor, **changes):
    obj = TrainingClass.objects.get(pk=training_class.pk)
    for field, value in changes.items():
        setattr(obj, field, value)
    return services.class_update(training_class=obj, actor=actor)


def test_capacity_raise_promotes_waiters_in_order_before_a_newcomer(institution_member, training_class):
    _first, (second, third) = _full_class_with_waiters(training_class)
    _edit(training_class, institution_member, capacity=2)
    second.refresh_from_db(), third.refresh_from_db()
    assert (second.status, third.status) == (S.ENROLLED, S.WAITLISTED)  # the first in line, only
    assert Notification.objects.filter(recipient=second.veteran, event_key__endswith=".promoted").exists()

    newcomer = services.enrollment_create(training_class=training_class, veteran=VeteranFactory())
    assert newcomer.status == S.WAITLISTED  # the class is full again: the newcomer queues behind the third
    _edit(training_class, institution_member, capacity=3)
    third.refresh_from_db(), newcomer.refresh_from_db()
    assert (third.status, newcomer.status) == (S.ENROLLED, S.WAITLISTED)


def test_seat_freed_outside_the_service_still_goes_to_the_waiter_first(training_class):
    _first, (second, _third) = _full_class_with_waiters(training_class)
    TrainingClass.objects.filter(pk=training_class.pk).update(capacity=2)  # e.g. a data fix in the database
    newcomer = services.enrollment_create(training_class=training_class, veteran=VeteranFactory())
    second.refresh_from_db()
    assert second.status == S.ENROLLED and newcomer.status == S.WAITLISTED


def test_capacity_below_the_seats_taken_is_refused_and_nothing_changes(institution_member, training_class):
    _full_class_with_waiters(training_class, waiters=0)
    with pytest.raises(ValidationError) as exc:
        _edit(training_class, institution_member, capacity=0, venue="新地址")
    assert "capacity" in exc.value.message_dict
    _full = TrainingClass.objects.get(pk=training_class.pk)
    assert _full.capacity == 1 and _full.venue != "新地址"


def test_date_change_notifies_trainees_and_is_audited(institution_member, training_class):
    enrolled = services.enrollment_create(training_class=training_class, veteran=VeteranFactory())
    later = training_class.start_date + datetime.timedelta(days=3)
    _edit(training_class, institution_member, start_date=later, end_date=later + datetime.timedelta(days=7))
    notice = Notification.objects.get(recipient=enrolled.veteran, event_key__contains=".changed.")
    assert str(later) in notice.body
    assert AuditLog.objects.filter(target_id=str(training_class.pk), actor=institution_member).exists()


def test_another_institution_cannot_edit_the_class(training_class, client):
    other = OrgMemberFactory(organization=InstitutionFactory())
    with pytest.raises(AccessDenied):
        _edit(training_class, other, capacity=50)
    client.force_login(other)
    assert client.get(reverse("training:manage_class_edit", args=[training_class.pk])).status_code == 404


def test_edit_page_raises_capacity_and_shows_field_errors(client, institution_member, training_class):
    _first, (second, _third) = _full_class_with_waiters(training_class)
    client.force_login(institution_member)
    url = reverse("training:manage_class_edit", args=[training_class.pk])
    assert client.get(url).status_code == 200
    local = timezone.localtime
    data = {
        "name": training_class.name,
        "region": training_class.region_id,
        "venue": "福州市台江区实训中心",
        "start_date": training_class.start_date.isoformat(),
        "end_date": training_class.end_date.isoformat(),
        "capacity": "2",
        "enrolment_opens": local(training_class.enrolment_opens).strftime("%Y-%m-%dT%H:%M"),
        "enrolment_closes": local(training_class.enrolment_closes).strftime("%Y-%m-%dT%H:%M"),
    }
    bad = client.post(url, {**data, "capacity": "0"})
    assert bad.status_code == 200 and "capacity" in bad.context["form"].errors
    response = client.post(url, data)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == S.ENROLLED


def test_api_edit_goes_through_the_same_service(client, institution_member, training_class):
    _first, (second, _third) = _full_class_with_waiters(training_class)
    key = api_key(institution_member)
    url = f"/api/v1/classes/{training_class.pk}/manage/"
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    bad = client.patch(url, {"capacity": 0}, content_type="application/json", **auth)
    assert bad.status_code == 400 and "capacity" in bad.json()
    ok = client.patch(url, {"capacity": 2}, content_type="application/json", **auth)
    assert ok.status_code == 200 and ok.json()["capacity"] == 2
    second.refresh_from_db()
    assert second.status == S.ENROLLED
    stranger = api_key(OrgMemberFactory(organization=InstitutionFactory()))
    assert (
        client.patch(
            url, {"capacity": 9}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {stranger}"
        ).status_code
        == 404
    )


def test_admin_change_goes_through_class_update(rf, training_class):
    from django.contrib import admin

    from tests.factories import StaffFactory
    from training.admin import TrainingClassAdmin

    _first, (second, _third) = _full_class_with_waiters(training_class)
    model_admin = TrainingClassAdmin(TrainingClass, admin.site)
    request = rf.post("/admin/")
    request.user = StaffFactory()
    obj = TrainingClass.objects.get(pk=training_class.pk)
    form_class = model_admin.get_form(request, obj, fields=["name", "capacity"])
    obj.capacity = 2
    model_admin.save_model(request, obj, form_class(instance=obj), change=True)
    second.refresh_from_db()
    assert second.status == S.ENROLLED
    low = form_class(data={"name": obj.name, "capacity": 1}, instance=TrainingClass.objects.get(pk=obj.pk))
    assert not low.is_valid() and "capacity" in low.errors  # two seats are held: said before saving
