"""The whole flow in a phone-sized browser: employer posts, staff approves, a veteran finds it by a Chinese word and
applies, the employer moves the application to "intent reached", the veteran sees the status and a notice."""

import os
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import translation

from jobs.models import Application, Position
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.jobs.factories import leaf_category


def log_in(page, user):
    """Give the browser a fresh session for `user` (the login form itself is tested by the shell)."""
    page.context.clear_cookies()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": page.url_base}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_post_approve_find_apply_intent(page, live_server, artifacts_dir):
    page.url_base = live_server.url
    employer = OrgMemberFactory(org_type="employer")
    staff = StaffFactory()
    veteran = VeteranFactory()
    category = leaf_category()

    # The employer posts a position and submits it for review.
    log_in(page, employer)
    page.goto("/jobs/employer/positions/new/")
    page.fill("#id_title", "植保无人机飞手")
    page.fill("#id_description", "负责农业植保无人机作业，持有民航局无人机驾驶员执照者优先。")
    page.select_option("#id_category", str(category.pk))
    page.select_option("#id_city", label="福建省 福州市")
    page.fill("#id_salary_min", "6000")
    page.fill("#id_salary_max", "9000")
    page.fill("#id_skills_text", "无人机, 植保")
    page.click("button[name=submit]")
    page.wait_for_selector("[data-testid=position-status]")
    position = Position.objects.get(title="植保无人机飞手")
    assert position.status == Position.Status.PENDING

    # Staff approve it on the review page.
    log_in(page, staff)
    page.goto("/jobs/staff/review/")
    page.click(f"form[action='/jobs/staff/review/{position.pk}/approve/'] button")
    page.wait_for_load_state()
    position.refresh_from_db()
    assert position.status == Position.Status.PUBLISHED

    # The veteran searches by a Chinese word, opens the position and applies.
    log_in(page, veteran)
    page.goto("/jobs/")
    page.fill("#id_q", "无人机")
    page.press("#id_q", "Enter")
    page.click("text=植保无人机飞手")
    page.fill("#id_note", "曾在部队从事无人机操控")
    page.check("#id_share_consent")  # the employer receives name and contact: a separate consent
    page.click(f"form[action='/jobs/{position.pk}/apply/'] button[type=submit]")
    page.wait_for_selector("[data-testid=my-application]")
    application = Application.objects.get(position=position, veteran=veteran)

    # The employer moves the application to "intent reached".
    log_in(page, employer)
    page.goto("/jobs/employer/")
    page.click(f"a[href='/jobs/employer/applications/{application.pk}/']")
    page.select_option("#id_status", "intent")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("[data-testid=pipeline-status]")
    application.refresh_from_db()
    assert application.status == Application.Status.INTENT

    # The veteran sees the new status and a notification.
    log_in(page, veteran)
    page.goto("/jobs/applications/mine/")
    with translation.override("zh-hans"):
        intent_label = str(Application.Status.INTENT.label)
    assert page.inner_text("[data-testid=status]").strip() == intent_label
    page.screenshot(path=os.path.join(artifacts_dir, "jobs-my-applications.png"), full_page=True)
    assert page.locator("[data-testid=unread-count]").count() == 1  # in the collapsed menu on a phone
    page.goto("/me/notifications/")
    assert "植保无人机飞手" in page.content()
