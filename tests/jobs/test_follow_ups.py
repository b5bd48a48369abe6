"""Employment follow-ups done properly (issue 18, item 9): not recorded before they are due, recorded by the employer
or by staff, reminders to the staff responsible for the position's region (its bureau, else the parent region's)
that open a page staff can open, and the staff follow-up queue (due, overdue, upcoming, recorded) with filters."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from jobs.models import Application, EmploymentRecord, FollowUp
from jobs.services.applications import application_submit, employment_record_create
from jobs.services.followups import follow_up_record, follow_ups_remind
from portal.models import Notification
from tests import factories
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def bureau_staff(region_code: str, name: str):
    bureau = factories.OrganizationFactory(
        org_type="bureau", uscc=None, name=name, region=factories.region(region_code)
    )
    return factories.OrgMemberFactory(organization=bureau)


def hire(employer, *, days_ago: int, region_code="350102", veteran=None):
    position = PositionFactory(organization=employer.organization, region=factories.region(region_code))
    application = application_submit(
        share_consent=True, channel="web", position=position, veteran=veteran or factories.VeteranFactory()
    )
    Application.objects.filter(pk=application.pk).update(status=Application.Status.HIRED)
    return employment_record_create(application=application, started_on=TODAY - datetime.timedelta(days=days_ago))


def test_a_follow_up_cannot_be_recorded_before_its_due_date(employer_member):
    record = hire(employer_member, days_ago=0)
    first = record.follow_ups.get(months=1)
    with pytest.raises(ValidationError, match=r"is due on .* cannot be recorded before then"):
        follow_up_record(follow_up=first, actor=employer_member, still_employed=True)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        follow_up_record(follow_up=first, actor=employer_member, still_employed=True)
    assert first.due_on.strftime("%Y-%m-%d") in exc.value.messages[0]  # the project's one date style
    assert not FollowUp.objects.get(pk=first.pk).is_done()


def test_employer_or_staff_record_on_or_after_the_due_date(employer_member, staff_user):
    record = hire(employer_member, days_ago=100)
    first, third = record.follow_ups.get(months=1), record.follow_ups.get(months=3)
    follow_up_record(follow_up=first, actor=employer_member, still_employed=True)
    follow_up_record(follow_up=third, actor=staff_user, still_employed=True, reason="电话回访")
    assert FollowUp.objects.get(pk=third.pk).recorded_by == staff_user
    with pytest.raises(ValidationError, match="already been recorded"):
        follow_up_record(follow_up=third, actor=staff_user, still_employed=True)


def test_leaving_closes_the_later_follow_ups(employer_member):
    record = hire(employer_member, days_ago=200)
    follow_up_record(
        follow_up=record.follow_ups.get(months=1), actor=employer_member, still_employed=False, reason="回乡"
    )
    assert EmploymentRecord.objects.get(pk=record.pk).status == EmploymentRecord.Status.LEFT
    with pytest.raises(ValidationError, match="later follow-ups are closed"):
        follow_up_record(follow_up=record.follow_ups.get(months=3), actor=employer_member, still_employed=True)
    assert not FollowUp.objects.open().filter(record=record).exists()
    assert follow_ups_remind() == 0


def test_reminders_go_to_the_regions_bureau_staff_and_fall_back_to_the_parent_region(employer_member):
    district_staff = bureau_staff("350102", "鼓楼区退役军人事务局")
    city_staff = bureau_staff("350100", "福州市退役军人事务局")
    elsewhere = bureau_staff("320600", "南通市退役军人事务局")
    other_staff = factories.StaffFactory()  # staff of no bureau: not told
    in_district = hire(employer_member, days_ago=31, region_code="350102").follow_ups.get(months=1)
    in_other_district = hire(employer_member, days_ago=31, region_code="350103").follow_ups.get(months=1)
    assert follow_ups_remind() == 2
    assert follow_ups_remind() == 0  # once each

    def told(user):
        return {n.url for n in Notification.objects.filter(recipient=user, kind="jobs_follow_up")}

    assert told(district_staff) == {reverse("jobs:staff_follow_up", args=[in_district.pk])}
    assert told(city_staff) == {reverse("jobs:staff_follow_up", args=[in_other_district.pk])}  # 台江区 has no bureau
    assert told(elsewhere) == told(other_staff) == set()
    assert told(employer_member) == {
        reverse("jobs:employer_follow_up", args=[f.pk]) for f in (in_district, in_other_district)
    }


def test_the_reminder_link_opens_for_staff_and_records(client, employer_member):
    staff = bureau_staff("350102", "鼓楼区退役军人事务局")
    follow_up = hire(employer_member, days_ago=35).follow_ups.get(months=1)
    follow_ups_remind()
    url = Notification.objects.get(recipient=staff, kind="jobs_follow_up").url
    client.force_login(staff)
    assert client.get(url).status_code == 200
    refused = client.post(url, {"still_employed": "0", "reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "Say why the veteran left the job." in refused.content.decode()
    assert client.post(url, {"still_employed": "1", "reason": ""}).status_code == 302
    assert FollowUp.objects.get(pk=follow_up.pk).recorded_by == staff
    client.force_login(employer_member)
    assert client.get(url).status_code == 403  # the staff page is staff's; the employer has its own


def test_a_follow_up_not_yet_due_shows_when_it_can_be_recorded(client, employer_member):
    follow_up = hire(employer_member, days_ago=3).follow_ups.get(months=1)
    client.force_login(employer_member)
    url = reverse("jobs:employer_follow_up", args=[follow_up.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "can be recorded from" in page and "<form" not in page.split("</nav>")[-1]
    response = client.post(url, {"still_employed": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "cannot be recorded before then" in response.content.decode()


def test_the_staff_queue_has_due_overdue_upcoming_and_recorded_with_filters(client, employer_member):
    staff = bureau_staff("350102", "鼓楼区退役军人事务局")
    record = hire(employer_member, days_ago=100)  # 1 month overdue, 3 months due now, 6 months upcoming
    other_employer = factories.OrgMemberFactory(
        org_type="employer", organization=factories.OrganizationFactory(name="远方物流")
    )
    xiamen = hire(other_employer, days_ago=100, region_code="350203")
    follow_up_record(follow_up=xiamen.follow_ups.get(months=1), actor=staff, still_employed=True)
    client.force_login(staff)
    url = reverse("jobs:staff_follow_ups")

    def rows(**params):
        page = client.get(url, params)
        assert page.status_code == 200
        return page.context["page"].object_list, {k: n for k, _label, n in page.context["tabs"]}

    due, counts = rows()
    assert [f.months for f in due] == [3, 3] and counts == {"due": 2, "overdue": 1, "upcoming": 2, "done": 1}
    overdue, _counts = rows(state="overdue")
    assert [(f.record_id, f.months) for f in overdue] == [(record.pk, 1)]
    done, _counts = rows(state="done")
    assert [f.record_id for f in done] == [xiamen.pk]
    mine, counts = rows(mine="on")
    assert {f.record_id for f in mine} == {record.pk} and counts["done"] == 0
    by_city, _counts = rows(city=factories.region("350200").pk)
    assert {f.record_id for f in by_city} == {xiamen.pk}
    by_name, _counts = rows(employer="远方", state="upcoming")
    assert [f.record_id for f in by_name] == [xiamen.pk]
    three, _counts = rows(months="3", state="overdue")
    assert list(three) == []
    assert reverse("jobs:staff_follow_ups") in client.get(reverse("portal:staff_dashboard")).content.decode()
    bad = client.get(url, {"months": "7", "city": "abc"})
    assert bad.status_code == 200  # a bad filter shows its error, the queue stays


def test_only_staff_open_the_queue(client, employer_member, veteran):
    for user in (employer_member, veteran):
        client.force_login(user)
        assert client.get(reverse("jobs:staff_follow_ups")).status_code == 403
