"""One refusal: services say "you may not" with portal.exceptions.AccessDenied, and each door answers it once —
pages 403 (or 404 when existence is private), the API 403/404 JSON with a translated detail."""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.html import escape

from portal.exceptions import AccessDenied
from tests.factories import VeteranFactory
from tests.jobs.factories import JobFairFactory
from tests.portal.refusal_urls import REASON
from tests.training.factories import SessionFactory
from training.services import checkin

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "jobs", "training", "entrepreneurship", "benefits"]
SERVICE_MODULES = sorted(
    path
    for app in APPS
    for path in [*(ROOT / app).glob("**/services.py"), *(ROOT / app).glob("**/services/*.py")]
    if "migrations" not in path.parts
)
# Authorization said as a ValidationError: a refusal that must be AccessDenied instead.
AUTHORIZATION_WORDS = re.compile(
    r"not yours|not your |belongs to another|another (employer|merchant)'s|only (bureau )?staff|cannot manage|"
    r"not a member|not the (founder|owner|mentor|applicant)",
    re.IGNORECASE,
)


def translated(message: str, language: str) -> str:
    from django.utils.translation import gettext

    with translation.override(language):
        return gettext(message)


def _raised_names(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = exc.attr if isinstance(exc, ast.Attribute) else getattr(exc, "id", None)
            yield node, name


def _string_constants(node):
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_the_service_modules_are_found():
    names = {str(p.relative_to(ROOT)) for p in SERVICE_MODULES}
    assert {
        "training/services/enrolment.py",
        "entrepreneurship/services/loans.py",
        "portal/services/profiles.py",
    } <= names


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_services_refuse_only_with_access_denied(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    wrong = []
    for node, name in _raised_names(tree):
        if name in {"PermissionError", "PermissionDenied"}:
            wrong.append(f"line {node.lineno}: raise {name}")
        elif name == "ValidationError" and any(AUTHORIZATION_WORDS.search(s) for s in _string_constants(node)):
            wrong.append(f"line {node.lineno}: authorization raised as ValidationError")
    assert not wrong, f"{path.relative_to(ROOT)} must raise portal.exceptions.AccessDenied: {wrong}"


def test_access_denied_is_a_permission_denied_with_a_default_reason():
    refusal = AccessDenied()
    assert isinstance(refusal, PermissionDenied) and not refusal.hide
    with translation.override("en"):
        assert str(refusal) == "You do not have permission to do this."
    assert AccessDenied(hide=True).hide


# --- pages ---------------------------------------------------------------------------------------------------------


@pytest.mark.urls("tests.portal.refusal_urls")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_page_refusal_is_a_403_page_with_the_translated_reason(client, db, language):
    response = client.get("/refusal/page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert escape(translated(REASON, language)) in response.content.decode()
    assert translated("Not allowed", language) in response.content.decode()  # the site's page, not Django's bare one


@pytest.mark.urls("tests.portal.refusal_urls")
def test_hidden_page_refusal_answers_as_a_missing_page_and_never_says_why(client, db):
    response = client.get("/refusal/page-hidden/", HTTP_ACCEPT_LANGUAGE="en")
    missing = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == missing.status_code == 404
    assert escape(REASON) not in response.content.decode()
    # The same page as for any missing address (the language form's "next" aside).
    assert response.content.decode().replace("/refusal/page-hidden/", "") == missing.content.decode().replace(
        "/no-such-page/", ""
    )


@pytest.mark.django_db
def test_check_in_page_says_not_enrolled_on_the_page(client):
    session = SessionFactory()
    client.force_login(VeteranFactory())
    code = checkin.short_code(session.pk, checkin.time_step())
    response = client.post(f"/training/sessions/{session.pk}/check-in/", {"code": code}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "You are not enrolled in this class" in response.content.decode()
    assert "check-in" in response.content.decode().lower()  # the check-in page itself, with the reason on it


# --- API -----------------------------------------------------------------------------------------------------------


@pytest.mark.urls("tests.portal.refusal_urls")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_api_refusal_is_403_json_with_the_translated_detail(api_client, db, language):
    response = api_client.get("/refusal/api/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert response.json() == {"detail": translated(REASON, language)}


@pytest.mark.urls("tests.portal.refusal_urls")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_hidden_api_refusal_is_the_ordinary_404_json(api_client, db, language):
    response = api_client.get("/refusal/api-hidden/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json() == {"detail": translated("Not found.", language)}
    assert translated("Not found.", "zh-hans") != "Not found."


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_service_refusal_through_the_api_is_403_with_its_reason(api_client, veteran, language):
    """A veteran may not check others in at a fair: the service's AccessDenied reaches the client translated."""
    fair = JobFairFactory()
    api_client.force_authenticate(veteran)
    response = api_client.post(f"/api/v1/fairs/{fair.pk}/check-in/", {"token": "1.x.y"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    reason = "Only staff or employers with a booth at this fair can check veterans in."
    assert response.json() == {"detail": translated(reason, language)}
    assert translated(reason, "zh-hans") != reason
