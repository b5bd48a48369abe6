"""`make screenshots`: every main page of every demo role (tests/e2e/pages.py, generated from the role workspaces),
plus the pages they link to (pages.linked_plan: one of each kind, so a claim's, a booking's or an applicant's
progress page as its owner sees it) and the detail pages below, at 375 px and 1366 px, in
zh-hans and en, saved as PNGs under test-artifacts/screenshots/<language>/<width>/<role>/ with an index.html to page
through them. Not a test (the file name keeps it out of the suite): it runs under pytest for the live server, the
demo data (seeded into the test database: SQLite unless DATABASE_URL says otherwise) and the shared Chromium.

Narrow a run with SCREENSHOT_ROLES=demo-veteran,visitor, SCREENSHOT_LANGUAGES=en, SCREENSHOT_WIDTHS=375 or
SCREENSHOT_ONLY=/training/,/me/ (substrings of the paths)."""

import html
import os
import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.e2e.pages import linked_plan, main_pages, signed_in_context
from tests.staff.test_exports_all import seed_demo_data

OUT = os.path.join(settings.BASE_DIR, "test-artifacts", "screenshots")


def _setting(name: str, default: str) -> list[str]:
    return [value.strip() for value in os.environ.get(name, default).split(",") if value.strip()]


def detail_pages(username: str | None) -> list[str]:
    """Pages with an id that the workspaces reach in more than one click: the role's first record of each kind."""
    from entrepreneurship.models import LoanApplication
    from jobs.models import Application, FairRegistration
    from portal.models import User
    from training.models import Enrollment

    if username is None:
        return [reverse("portal:guides"), reverse("portal:guide", args=["benefit-card"])]
    user = User.objects.get(username=username)
    pages = []
    if username == "demo-veteran":
        first = {
            "jobs:my_application": Application.objects.filter(veteran=user).first(),
            "training:enrollment_detail": Enrollment.objects.filter(veteran=user).first(),
            "training:enrollment_messages": Enrollment.objects.filter(veteran=user).first(),
            "entrepreneurship:my_loan_detail": LoanApplication.objects.filter(applicant=user).first(),
        }
        pages += [reverse(name, args=[obj.pk]) for name, obj in first.items() if obj is not None]
        registration = FairRegistration.objects.filter(user=user).first()
        if registration:
            pages.append(reverse("jobs:fair_detail", args=[registration.fair_id]))
        pages += [reverse("benefits:apply"), reverse("portal:guide", args=["training-enrolment"])]
    if username == "demo-institution":
        enrollment = Enrollment.objects.filter(training_class__course__institution__memberships__user=user).first()
        if enrollment:
            pages.append(reverse("training:enrollment_messages", args=[enrollment.pk]))
    return pages


def _file_name(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", path.strip("/")) or "home"


def _write_index(shots: list[tuple[str, str, str, str, str]]) -> str:
    rows = [
        f"<figure><figcaption>{html.escape(role)} · {html.escape(lang)} · {width}px · {html.escape(path)}</figcaption>"
        f'<a href="{html.escape(file)}"><img src="{html.escape(file)}" loading="lazy" width="320"></a></figure>'
        for role, lang, width, path, file in shots
    ]
    index = os.path.join(OUT, "index.html")
    with open(index, "w", encoding="utf-8") as out:
        out.write(
            '<!doctype html><meta charset="utf-8"><title>Screenshots</title>'
            "<style>body{font:14px sans-serif;display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;width:320px}"
            "img{border:1px solid #ccc}</style>" + "".join(rows)
        )
    return index


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_screenshots(browser, live_server):
    seed_demo_data()
    roles = _setting("SCREENSHOT_ROLES", "")
    languages = _setting("SCREENSHOT_LANGUAGES", "zh-hans,en")
    widths = [int(w) for w in _setting("SCREENSHOT_WIDTHS", "375,1366")]
    only = _setting("SCREENSHOT_ONLY", "")
    shots = []
    plan = main_pages()
    linked = dict(linked_plan(plan))
    for username, pages in plan:
        role = username or "visitor"
        if roles and role not in roles:
            continue
        paths = [
            p
            for p in dict.fromkeys(pages + linked[username] + detail_pages(username))
            if not only or any(o in p for o in only)
        ]
        for language in languages:
            context = signed_in_context(browser, live_server.url, username, language, reduced_motion="reduce")
            page = context.new_page()
            try:
                for path in paths:
                    page.goto(path, wait_until="load")
                    for width in widths:
                        page.set_viewport_size({"width": width, "height": 900})
                        file = os.path.join(language, str(width), role, _file_name(path) + ".png")
                        os.makedirs(os.path.dirname(os.path.join(OUT, file)), exist_ok=True)
                        page.screenshot(path=os.path.join(OUT, file), full_page=True)
                        shots.append((role, language, width, path, file))
            finally:
                context.close()
    index = _write_index(shots)
    print(f"\n{len(shots)} screenshots in {OUT} (open {index})")
    assert shots, "no page matched the SCREENSHOT_* filters"
