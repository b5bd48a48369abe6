"""Staff create and edit fairs through fair_create / fair_update: every rule refuses with a field error, capacity and
booth count never drop below what is taken, and a lowered capacity is never over-booked."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from jobs.models import Booth, FairRegistration, JobFair
from jobs.services.booths import booth_approve, booth_reject
from jobs.services.fair_registrations import fair_register, fair_registration_cancel
from jobs.services.fairs import fair_create, fair_update
from portal.models import AuditLog
from tests.factories import OrgMemberFactory, VeteranFactory, region
from tests.jobs.factories import BoothFactory, JobFairFactory

pytestmark = pytest.mark.django_db


def fair_data(**changes) -> dict:
    starts = timezone.now() + datetime.timedelta(days=10)
    data = {
        "title": "福州市退役军人专场招聘会",
        "kind": JobFair.Kind.ONSITE,
        "organizer": "福州市退役军人事务局",
        "description": "",
        "region": region("350100"),
        "venue": "福州海峡人才市场",
        "stream_url": "",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=6),
        "registration_opens_at": timezone.now(),
        "registration_closes_at": starts,
        "capacity": 200,
        "booth_count": 30,
        "is_published": True,
    }
    return {**data, **changes}


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


def test_staff_create_a_fair_and_the_audit_log_says_so(staff_user):
    fair = fair_create(staff=staff_user, data=fair_data())
    assert fair.pk and fair.created_by == staff_user and fair.venue == "福州海峡人才市场"
    entry = AuditLog.objects.get(target_type="jobs.JobFair", target_id=str(fair.pk))
    assert entry.actor == staff_user and entry.detail == {"event": "fair_create"}


def test_staff_update_a_fair_and_the_audit_log_lists_the_changed_fields(staff_user):
    fair = JobFairFactory()
    fair_update(fair=fair, staff=staff_user, data={"title": "新标题", "capacity": 300, "booth_count": fair.booth_count})
    fair.refresh_from_db()
    assert (fair.title, fair.capacity) == ("新标题", 300)
    entry = AuditLog.objects.get(target_type="jobs.JobFair", target_id=str(fair.pk))
    assert entry.detail == {"event": "fair_update", "changed": ["title", "capacity"]}


@pytest.mark.parametrize("user_kind", ["veteran", "employer"])
def test_only_staff_create_or_update_fairs(user_kind):
    user = VeteranFactory() if user_kind == "veteran" else OrgMemberFactory(org_type="employer")
    with pytest.raises(PermissionDenied):
        fair_create(staff=user, data=fair_data())
    fair = JobFairFactory(title="原标题")
    with pytest.raises(PermissionDenied):
        fair_update(fair=fair, staff=user, data={"title": "改"})
    fair.refresh_from_db()
    assert fair.title == "原标题" and JobFair.objects.count() == 1


def _later(hours):
    return timezone.now() + datetime.timedelta(days=10, hours=hours)


RULES = [
    ("ends_at", {"ends_at": _later(0), "starts_at": _later(0)}, "must end after it starts"),
    ("ends_at", {"starts_at": _later(5), "ends_at": _later(1), "registration_closes_at": _later(0)}, "end after"),
    (
        "registration_closes_at",
        {"registration_opens_at": _later(-48), "registration_closes_at": _later(-72)},
        "close after it opens",
    ),
    ("registration_closes_at", {"registration_closes_at": _later(12)}, "no later than the end of the fair"),
    ("capacity", {"capacity": 0}, "at least one veteran"),
    ("booth_count", {"booth_count": -1}, "cannot be negative"),
    ("venue", {"venue": "  "}, "needs a venue"),
    ("stream_url", {"kind": JobFair.Kind.ONLINE}, "need a link"),
    ("stream_url", {"kind": JobFair.Kind.LIVESTREAM, "stream_url": ""}, "need a link"),
    ("stream_url", {"kind": JobFair.Kind.LIVESTREAM, "stream_url": "ftp://live.example.cn/a"}, "http:// or https://"),
    ("stream_url", {"kind": JobFair.Kind.ONLINE, "stream_url": "javascript:alert(1)"}, "http:// or https://"),
    ("stream_url", {"kind": JobFair.Kind.ONLINE, "stream_url": "直播间"}, "http:// or https://"),
    ("title", {"title": ""}, "cannot be blank"),
    ("region", {"region": None}, "cannot be null"),
]


@pytest.mark.parametrize(("field", "changes", "message"), RULES)
def test_each_rule_refuses_a_new_fair(staff_user, field, changes, message):
    errors = refusal(lambda: fair_create(staff=staff_user, data=fair_data(**changes)))
    assert message in " ".join(errors[field])
    assert not JobFair.objects.exists()


@pytest.mark.parametrize(("field", "changes", "message"), RULES)
def test_each_rule_refuses_an_edit(staff_user, field, changes, message):
    fair = fair_create(staff=staff_user, data=fair_data())
    errors = refusal(lambda: fair_update(fair=fair, staff=staff_user, data=changes))
    assert message in " ".join(errors[field])
    fair.refresh_from_db()
    assert fair.title == "福州市退役军人专场招聘会" and fair.capacity == 200


def test_online_and_live_stream_fairs_need_no_venue(staff_user):
    online = fair_create(
        staff=staff_user,
        data=fair_data(kind=JobFair.Kind.LIVESTREAM, venue="", stream_url="https://live.example.cn/fair/1"),
    )
    assert online.venue == "" and online.stream_url == "https://live.example.cn/fair/1"


def test_capacity_cannot_go_below_the_veterans_registered(staff_user):
    fair = JobFairFactory(capacity=5)
    for _ in range(3):
        fair_register(fair=fair, user=VeteranFactory())
    errors = refusal(lambda: fair_update(fair=fair, staff=staff_user, data={"capacity": 2}))
    assert errors["capacity"] == ["3 veterans are already registered; the capacity cannot be lower."]
    assert fair_update(fair=fair, staff=staff_user, data={"capacity": 3}).capacity == 3
    with pytest.raises(ValidationError, match="full"):
        fair_register(fair=fair, user=VeteranFactory())


def test_a_lowered_capacity_is_not_over_booked_by_places_numbered_above_it(staff_user):
    """Places 1 and 2 given back, place 3 still held: capacity 1 is allowed (one veteran), and then the fair is full
    even though place 1 is free."""
    fair = JobFairFactory(capacity=3)
    first, second, third = VeteranFactory(), VeteranFactory(), VeteranFactory()
    for veteran in (first, second, third):
        fair_register(fair=fair, user=veteran)
    fair_registration_cancel(fair=fair, user=first)
    fair_registration_cancel(fair=fair, user=second)
    fair_update(fair=fair, staff=staff_user, data={"capacity": 1})
    with pytest.raises(ValidationError, match="full"):
        fair_register(fair=fair, user=VeteranFactory())
    assert FairRegistration.objects.filter(fair=fair).count() == 1


def test_booth_count_cannot_go_below_the_booths_approved(staff_user):
    fair = JobFairFactory(booth_count=3)
    booths = [BoothFactory(fair=fair) for _ in range(3)]
    booth_approve(booth=booths[0], staff=staff_user)
    booth_approve(booth=booths[1], staff=staff_user)
    errors = refusal(lambda: fair_update(fair=fair, staff=staff_user, data={"booth_count": 1}))
    assert errors["booth_count"] == ["2 booths are already approved; the number of booths cannot be lower."]
    fair_update(fair=fair, staff=staff_user, data={"booth_count": 2})
    with pytest.raises(ValidationError, match="All 2 booths"):
        booth_approve(booth=booths[2], staff=staff_user)
    assert Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED).count() == 2


def test_booth_count_cannot_go_below_the_highest_booth_number_given(staff_user):
    fair = JobFairFactory(booth_count=3)
    booths = [BoothFactory(fair=fair) for _ in range(3)]
    for booth in booths:
        booth_approve(booth=booth, staff=staff_user)
    booth_reject(booth=booths[1], staff=staff_user, reason="未按时布展")  # booths 1 and 3 remain
    errors = refusal(lambda: fair_update(fair=fair, staff=staff_user, data={"booth_count": 2}))
    assert errors["booth_count"] == ["Booth number 3 is already assigned; the number of booths cannot be lower."]


def test_booth_approval_never_exceeds_a_booth_count_lowered_in_the_admin(staff_user):
    """The admin's form checks the same rules, but a booth numbered above the count must still count as taken."""
    fair = JobFairFactory(booth_count=3)
    booths = [BoothFactory(fair=fair) for _ in range(3)]
    booth_approve(booth=booths[0], staff=staff_user)
    Booth.objects.filter(pk=booths[0].pk).update(number=3)
    JobFair.objects.filter(pk=fair.pk).update(booth_count=1)
    with pytest.raises(ValidationError, match="All 1 booths"):
        booth_approve(booth=booths[1], staff=staff_user)


def _admin_form_data(fair, **changes) -> dict:
    """What the admin's change form posts for `fair` (date and time fields come split in two)."""
    data = {}
    for field in JobFair._meta.concrete_fields:
        value = getattr(fair, field.attname)
        if field.name in ("id", "created_at") or value is None:
            continue
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
            data[f"{field.name}_0"], data[f"{field.name}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
        elif isinstance(value, bool):
            if value:
                data[field.name] = "on"
        else:
            data[field.name] = value
    return {**data, **changes}


def test_the_admin_form_holds_fairs_to_the_same_rules(rf):
    from django.contrib.admin.sites import site

    from jobs.admin import JobFairAdmin
    from tests.factories import UserFactory

    fair = JobFairFactory(capacity=5)
    fair_register(fair=fair, user=VeteranFactory())
    fair_register(fair=fair, user=VeteranFactory())
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = JobFairAdmin(JobFair, site).get_form(request, fair, change=True)

    assert form_class(_admin_form_data(fair), instance=fair).is_valid()
    form = form_class(_admin_form_data(fair, capacity=1), instance=fair)
    assert not form.is_valid()
    assert form.errors["capacity"] == ["2 veterans are already registered; the capacity cannot be lower."]
    form = form_class(_admin_form_data(fair, venue=""), instance=fair)
    assert not form.is_valid() and form.errors["venue"] == ["An on-site fair needs a venue."]
    before = timezone.localtime(fair.starts_at - datetime.timedelta(hours=1))
    ends = {"ends_at_0": before.strftime("%Y-%m-%d"), "ends_at_1": before.strftime("%H:%M:%S")}
    with translation.override("zh-hans"):
        form = form_class(_admin_form_data(fair, **ends), instance=fair)
        assert not form.is_valid()
        assert form.errors["ends_at"] == ["招聘会结束时间必须晚于开始时间。"]
        assert not form.non_field_errors()  # not the database constraint's untranslated message too


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_lowering_capacity_while_veterans_register_never_over_books():
    """Twenty veterans register while staff lower the capacity from 20 to 10: whichever comes first, the fair never
    holds more veterans than its capacity (fair_update and fair_register both lock the fair row)."""
    import threading

    from django.db import connection

    from tests.factories import StaffFactory

    fair = JobFairFactory(capacity=20)
    staff = StaffFactory()
    veterans = [VeteranFactory() for _ in range(20)]
    barrier = threading.Barrier(21)
    outcomes = {"registered": 0, "lowered": False}
    lock = threading.Lock()

    def register(user):
        try:
            barrier.wait()
            fair_register(fair=JobFair.objects.get(pk=fair.pk), user=user)
            with lock:
                outcomes["registered"] += 1
        except ValidationError:
            pass
        finally:
            connection.close()

    def lower():
        try:
            barrier.wait()
            fair_update(fair=JobFair.objects.get(pk=fair.pk), staff=staff, data={"capacity": 10})
            outcomes["lowered"] = True
        except ValidationError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(v,)) for v in veterans] + [threading.Thread(target=lower)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    fair.refresh_from_db()
    registered = FairRegistration.objects.filter(fair=fair).count()
    assert registered == outcomes["registered"] <= fair.capacity
    assert fair.capacity == (10 if outcomes["lowered"] else 20)
