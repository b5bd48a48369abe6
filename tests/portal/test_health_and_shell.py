import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_through_the_middleware(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "Content-Language" in response  # LocaleMiddleware ran


def test_home_page_is_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()


def test_english_is_available(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/")
    assert 'lang="en"' in response.content.decode()
    assert "Veteran Employment" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/jobs/",
        "/training/",
        "/entrepreneurship/",
        "/benefits/",
        "/accounts/login/",
        "/accounts/signup/",
        "/api/docs/",
        "/api/schema/",
    ],
)
def test_public_pages_render(client, url):
    assert client.get(url).status_code == 200


def test_staff_dashboard_refuses_non_staff(client, veteran):
    client.force_login(veteran)
    response = client.get("/staff/")
    assert response.status_code == 403  # signed in but not staff


def test_staff_dashboard_for_staff(client, staff_user, veteran):
    client.force_login(staff_user)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert response.context["sections"][0].figures[0].value == 1  # veterans registered


def test_regions_are_loaded():
    from portal.models import Region

    assert Region.objects.provinces().count() == 31
    assert Region.objects.cities().count() >= 333
    hangzhou = Region.objects.get(code="330100")
    assert Region.objects.within(hangzhou).filter(code="330106").exists()
    assert hangzhou.parent.name == "浙江省"


def test_staff_group_holds_every_pillar_apps_permissions():
    from django.contrib.auth.models import Group, Permission

    staff = Group.objects.get(name="staff")
    apps_with_models = set(Permission.objects.values_list("content_type__app_label", flat=True))
    expected = {"portal", "jobs", "jobs_matching", "training", "entrepreneurship", "benefits"} & apps_with_models
    granted = set(staff.permissions.values_list("content_type__app_label", flat=True))
    assert expected <= granted
    assert not staff.permissions.filter(codename="view_full_id_number").exists()
