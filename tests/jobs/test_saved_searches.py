"""Saved searches and their alerts (issue 18, item 3): one button on the search page, a page to change or delete
them, alerts instantly or in daily/weekly digests through the exactly-once push — one notice per person per
position however many searches match — and a signed unsubscribe link in the notice itself."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.matching.services import position_event_key, position_push
from jobs.models import Position, SavedSearch, SearchAlertDelivery
from jobs.services import saved_searches as services
from jobs.services.positions import position_approve, position_index
from jobs.services.search_alerts import digest_event_key, search_alerts_digest_send, search_alerts_instant_send
from portal.models import Notification
from tests import factories
from tests.jobs.factories import PositionFactory
from tests.matching.factories import make_position, make_veteran

pytestmark = pytest.mark.django_db


def save(user, frequency="instant", **filters):
    return services.saved_search_create(user=user, filters=filters, frequency=frequency)


def pending_truck_job(**extra):
    position = make_position(
        title="重型货车驾驶员",
        description="跑福州至厦门干线，持A2驾照。",
        category_code="0101",
        region_code="350102",
        status=Position.Status.PENDING,
        **extra,
    )
    position_index(position)  # as position_save does
    return position


def publish(position, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        position_approve(position=position, staff=factories.StaffFactory())


def alerts(user):
    return Notification.objects.filter(recipient=user, kind="saved_search")


# --- saving, listing, changing ----------------------------------------------------------------------------------


def test_the_search_page_saves_its_search_with_one_button(client, veteran):
    client.force_login(veteran)
    fuzhou = factories.region("350100")
    page = client.get(reverse("jobs:index"), {"q": "货车司机", "city": fuzhou.pk}).content.decode()
    assert 'data-testid="save-search"' in page and 'name="q" value="货车司机"' in page
    response = client.post(
        reverse("jobs:saved_search_save"),
        {"q": "货车司机", "city": fuzhou.pk, "district": factories.region("350102").pk, "frequency": "weekly"},
    )
    assert response.status_code == 302 and response.url == reverse("jobs:saved_searches")
    saved = SavedSearch.objects.get(user=veteran)
    assert (saved.q, saved.region.code, saved.frequency) == ("货车司机", "350102", "weekly")
    assert saved.name.startswith("货车司机")
    again = client.post(
        reverse("jobs:saved_search_save"),
        {"q": "货车司机", "city": fuzhou.pk, "district": saved.region.pk, "frequency": "daily"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "You have already saved this search." in again.content.decode()
    assert SavedSearch.objects.filter(user=veteran).count() == 1


def test_signed_out_visitors_are_offered_to_sign_in_and_employers_cannot_save(client, employer_member):
    page = client.get(reverse("jobs:index"), {"q": "保安"}).content.decode()
    assert "save-search" not in page and reverse("account_login") in page
    assert client.post(reverse("jobs:saved_search_save"), {"q": "保安", "frequency": "daily"}).status_code == 302
    assert not SavedSearch.objects.exists()
    client.force_login(employer_member)
    response = client.post(
        reverse("jobs:saved_search_save"), {"q": "保安", "frequency": "daily"}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "Complete your registration" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_bad_input_is_refused_with_a_message_not_an_error(client, veteran):
    client.force_login(veteran)
    for data in ({"q": "保安", "frequency": "hourly"}, {"q": "保安", "frequency": "daily", "salary_min": "-5"}):
        response = client.post(reverse("jobs:saved_search_save"), data, HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert response.status_code == 200
        assert "This search cannot be saved" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_at_most_twenty_searches(veteran):
    for n in range(services.MAX_SAVED_SEARCHES):
        save(veteran, q=f"岗位{n}")
    with pytest.raises(Exception, match="at most 20"):
        save(veteran, q="再来一个")


def test_the_list_page_is_in_the_workspace_and_changes_or_deletes_own_searches_only(client, veteran):
    saved = save(veteran, "daily", q="保安")
    other = save(factories.VeteranFactory(), "daily", q="保安")
    client.force_login(veteran)
    assert reverse("jobs:saved_searches") in client.get(reverse("portal:workspace")).content.decode()
    page = client.get(reverse("jobs:saved_searches")).content.decode()
    assert saved.name in page and saved.results_url().replace("&", "&amp;") in page
    response = client.post(reverse("jobs:saved_search_update", args=[saved.pk]), {f"s{saved.pk}-frequency": "weekly"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.frequency == "weekly"
    assert (
        client.post(reverse("jobs:saved_search_update", args=[other.pk]), {f"s{other.pk}-frequency": "off"}).status_code
        == 404
    )
    assert client.post(reverse("jobs:saved_search_delete", args=[other.pk])).status_code == 404
    assert client.post(reverse("jobs:saved_search_delete", args=[saved.pk])).status_code == 302
    assert list(SavedSearch.objects.all()) == [other]


# --- alerts -------------------------------------------------------------------------------------------------------


def test_three_matching_searches_give_one_instant_notice(django_capture_on_commit_callbacks):
    person = factories.VeteranFactory()
    searches = [save(person, q="货车司机"), save(person, q="驾驶员", region=factories.region("350100")), save(person)]
    save(person, q="厨师")  # does not match
    position = pending_truck_job()
    publish(position, django_capture_on_commit_callbacks)
    notice = alerts(person).get()
    assert notice.event_key == position_event_key(position.pk) and notice.url == f"/jobs/{position.pk}/"
    assert all(s.name in notice.body for s in searches), notice.body
    assert SearchAlertDelivery.objects.filter(user=person, position=position).count() == 1
    assert search_alerts_instant_send(position_id=position.pk) == 0  # a rerun announces nothing again
    assert Notification.objects.filter(recipient=person).count() == 1


def test_the_matchers_push_and_an_alert_make_one_notice_together(django_capture_on_commit_callbacks):
    driver = make_veteran(specialties=["M01"], region_code="350102")  # the matcher pushes to this veteran too
    save(driver, q="驾驶员")
    position = pending_truck_job(skills=["驾驶"])
    publish(position, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=driver, event_key=position_event_key(position.pk)).count() == 1
    position_push(position_id=position.pk)  # the matcher's push again
    assert Notification.objects.filter(recipient=driver).count() == 1


def test_searches_saved_after_publication_or_switched_off_get_no_instant_alert(django_capture_on_commit_callbacks):
    person, quiet = factories.VeteranFactory(), factories.VeteranFactory()
    save(quiet, "off", q="驾驶员")
    position = pending_truck_job()
    publish(position, django_capture_on_commit_callbacks)
    save(person, q="驾驶员")
    assert search_alerts_instant_send(position_id=position.pk) == 0
    assert not Notification.objects.filter(kind="saved_search").exists()


def test_daily_digest_lists_each_new_position_once_and_reruns_send_nothing():
    person = factories.VeteranFactory()
    save(person, "daily", q="驾驶员")
    save(person, "daily", q="货车")
    save(person, "weekly", q="货车司机")
    truck = PositionFactory(title="货车驾驶员", description="城配。")
    bus = PositionFactory(title="大客车驾驶员", description="公交线路。")
    PositionFactory(title="厨师", description="食堂。")
    old = PositionFactory(title="老岗位驾驶员", published_at=timezone.now() - datetime.timedelta(days=10))
    assert search_alerts_digest_send(frequency="daily") == 1
    notice = alerts(person).get()
    assert notice.event_key == digest_event_key("daily", timezone.localdate())
    assert notice.body.count(truck.title) == 1 and bus.title in notice.body and old.title not in notice.body
    assert search_alerts_digest_send(frequency="daily") == 0
    assert search_alerts_digest_send(frequency="weekly") == 0  # the truck job was announced already
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert search_alerts_digest_send(frequency="daily", day=tomorrow) == 0  # nothing new since
    assert alerts(person).count() == 1


def test_a_digest_leaves_out_what_an_instant_alert_or_the_matcher_announced(django_capture_on_commit_callbacks):
    person = factories.VeteranFactory()
    save(person, "instant", q="货车司机")
    save(person, "daily", q="驾驶员")
    position = pending_truck_job()
    publish(position, django_capture_on_commit_callbacks)
    assert alerts(person).count() == 1
    assert search_alerts_digest_send(frequency="daily") == 0


# --- unsubscribe from the notice itself ---------------------------------------------------------------------------


def test_the_notice_link_stops_the_alerts_signed_out_after_a_confirmation(client, django_capture_on_commit_callbacks):
    person = factories.VeteranFactory()
    first, second = save(person, q="驾驶员"), save(person, q="货车司机")
    publish(pending_truck_job(), django_capture_on_commit_callbacks)
    url = re.search(r"https?://\S+/jobs/searches/stop/\S+/", alerts(person).get().body).group(0)
    path = url[url.index("/jobs/") :]
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en")  # signed out
    assert page.status_code == 200 and first.name in page.content.decode() and "<form" in page.content.decode()
    first.refresh_from_db()
    assert first.frequency == "instant"  # a GET changes nothing
    done = client.post(path, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 200 and "no more alerts" in done.content.decode()
    assert set(SavedSearch.objects.values_list("frequency", flat=True)) == {"off"}
    assert SavedSearch.objects.filter(pk__in=[first.pk, second.pk]).count() == 2  # still saved


def test_a_forged_unsubscribe_link_is_refused(client):
    person = factories.VeteranFactory()
    saved = save(person, q="驾驶员")
    token = services.unsubscribe_token(person.pk, [saved.pk])
    assert client.post(f"/jobs/searches/stop/{token[:-2]}xx/").status_code == 400
    assert client.get("/jobs/searches/stop/not-a-token/").status_code == 400
    saved.refresh_from_db()
    assert saved.frequency == "instant"


# --- API ----------------------------------------------------------------------------------------------------------


def test_api_saves_lists_changes_and_deletes_own_searches(api_client, veteran):
    api_client.force_authenticate(veteran)
    body = {"q": "货车司机", "region": "350100", "district": "350102", "frequency": "instant", "salary_min": 6000}
    created = api_client.post("/api/v1/saved-searches/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["region"], data["district"], data["frequency"]) == ("350100", "350102", "instant")
    assert api_client.post("/api/v1/saved-searches/", body, format="json").status_code == 400  # already saved
    assert [row["id"] for row in api_client.get("/api/v1/saved-searches/").json()["results"]] == [data["id"]]
    changed = api_client.patch(f"/api/v1/saved-searches/{data['id']}/", {"frequency": "weekly"}, format="json")
    assert changed.status_code == 200 and changed.json()["frequency"] == "weekly"
    stranger = factories.VeteranFactory()
    api_client.force_authenticate(stranger)
    assert api_client.get(f"/api/v1/saved-searches/{data['id']}/").status_code == 404
    assert api_client.delete(f"/api/v1/saved-searches/{data['id']}/").status_code == 404
    api_client.force_authenticate(veteran)
    assert api_client.delete(f"/api/v1/saved-searches/{data['id']}/").status_code == 204
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/saved-searches/").status_code in (401, 403)


@pytest.mark.parametrize(
    "body,field",
    [
        ({"q": "保安", "frequency": "hourly"}, "frequency"),
        ({"q": "保安", "region": "350200", "district": "350102"}, "district"),
        ({"q": "保安", "district": "350100"}, "district"),
        ({"q": "保安", "salary_min": -1}, "salary_min"),
    ],
)
def test_api_refuses_bad_input_with_field_errors(api_client, veteran, body, field):
    api_client.force_authenticate(veteran)
    response = api_client.post("/api/v1/saved-searches/", body, format="json")
    assert response.status_code == 400 and field in response.json()
