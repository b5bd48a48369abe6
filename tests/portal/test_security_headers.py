"""Browser security headers: a Content-Security-Policy with no inline or eval'd script on every page (so an injected
<script> never runs), and a Permissions-Policy that lets only the QR scanner pages use the camera."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.benefits import factories as bf
from tests.factories import StaffFactory
from tests.jobs.factories import JobFairFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates")), *sorted(ROOT.glob("*/*/templates"))]
TEMPLATES = sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html") if ".venv" not in p.parts)

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def inline_scripts(html: str) -> list[str]:
    """<script> tags that would execute inline code: no src, and not a data block (type="application/json")."""
    return [
        attrs
        for attrs in SCRIPT_TAG.findall(html)
        if "src=" not in attrs and not re.search(r"""type\s*=\s*["']application/(ld\+)?json""", attrs)
    ]


def assert_strict_scripts(response):
    policy = directives(response)
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts == ["'self'"], policy
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not inline_scripts(response.content.decode()), "the page itself carries an inline script"


def test_templates_are_found():
    names = {str(p.relative_to(ROOT)) for p in TEMPLATES}
    assert {"templates/base.html", "benefits/templates/benefits/card.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_carries_inline_script(path):
    text = path.read_text(encoding="utf-8")
    assert not inline_scripts(text), f"inline <script> in {path.relative_to(ROOT)}: move it to a static file"
    assert not INLINE_HANDLER.search(text), f"inline on…= handler in {path.relative_to(ROOT)}: use data- attributes"
    assert not JAVASCRIPT_URL.search(text), f"javascript: URL in {path.relative_to(ROOT)}"


@pytest.mark.django_db
def test_home_page_has_a_strict_csp(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert_strict_scripts(response)


@pytest.mark.django_db
def test_signed_in_pages_have_a_strict_csp(client, veteran):
    client.force_login(veteran)
    for url in (reverse("portal:profile"), reverse("portal:notifications"), "/benefits/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_scripts(response)


@pytest.mark.django_db
def test_admin_pages_have_a_strict_csp_and_still_load(client):
    client.force_login(StaffFactory(is_superuser=True))
    for url in ("/admin/", "/admin/portal/user/", "/admin/portal/user/add/", "/admin/jobs/position/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_scripts(response)


@pytest.mark.django_db
def test_swagger_ui_loads_its_start_up_script_as_a_file(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert_strict_scripts(response)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode() and reverse("api-schema") in script.content.decode()


@pytest.mark.django_db
def test_error_pages_have_a_strict_csp(client):
    assert_strict_scripts(client.get("/no-such-page/"))


# --- Permissions-Policy --------------------------------------------------------------------------------------------


def features(response) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


@pytest.mark.django_db
def test_home_page_allows_no_camera_microphone_or_location(client):
    policy = features(client.get(reverse("portal:home")))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()", feature


@pytest.mark.django_db
def test_scanner_pages_alone_may_use_the_camera(client, employer_member):
    fair = JobFairFactory()
    merchant_member = bf.merchant_member()
    scanner_pages = [
        (merchant_member, reverse("benefits:verify")),  # the merchant's counter
        (StaffFactory(), reverse("jobs:fair_scan", args=[fair.pk])),  # the fair's door
        (employer_member, reverse("jobs:fair_booth", args=[fair.pk])),  # a booth
    ]
    for user, url in scanner_pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        policy = features(response)
        assert policy["camera"] == "(self)", url
        assert policy["microphone"] == "()" and policy["geolocation"] == "()", url
        assert features(client.get(reverse("portal:profile")))["camera"] == "()"  # the same user elsewhere


def test_the_cached_site_policy_is_django_csps_own_and_follows_the_settings(client, settings):
    """portal.middleware.CSPMiddleware builds the site-wide header once; it must be exactly what django-csp builds,
    change with the settings, and leave responses a view adjusted to django-csp."""
    from csp.decorators import csp_update
    from csp.utils import build_policy
    from django.test import RequestFactory

    from portal.middleware import CSPMiddleware

    assert client.get("/healthz/")["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'"]}}
    narrow = {"default-src 'self'", "script-src 'self'"}  # django-csp does not promise an order of directives

    def directives(response):
        return set(response["Content-Security-Policy"].split("; "))

    assert directives(client.get("/healthz/")) == narrow

    @csp_update({"img-src": ["https://tiles.example.cn"]})
    def adjusted(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = CSPMiddleware(adjusted)
    response = middleware(RequestFactory().get("/"))
    assert "https://tiles.example.cn" in response["Content-Security-Policy"]
    assert directives(client.get("/healthz/")) == narrow
