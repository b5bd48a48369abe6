"""axe-core on every main page of every role (issue 17, must hold): in zh-hans and en, at 375 px and 1366 px, with
elder mode off and on — 0 critical and 0 serious violations of WCAG 2.0 A/AA and 2.1 AA.

The page list comes from the role workspaces (tests/e2e/pages.py), so a page added to a workspace is checked without
touching this file, and so is every kind of page those pages link to (a record's page from its list: a claim, a booking,
an applicant; pages.linked_plan). AXE_ROLES=demo-veteran,visitor checks only those roles and
AXE_ONLY=/training/claims/,/me/ only the paths containing one of those (the page lists are still generated for all).
axe-core is the npm registry's package (static/vendor/axe-core, copied by `make assets`), injected by Playwright (the
context bypasses the CSP only for that). To keep CI time short, one browser context serves each role and language, each
page is loaded once per language, and the four width/elder-mode combinations are checked on the loaded page (elder mode
is a class on <html>, as its toggle sets it; the server renders the same class from the cookie)."""

import json
import os
from collections import defaultdict

import pytest
from django.conf import settings

from tests.e2e.pages import linked_plan, main_pages, signed_in_context
from tests.staff.test_exports_all import seed_demo_data

AXE = os.path.join(settings.BASE_DIR, "static", "vendor", "axe-core", "axe.min.js")
LANGUAGES = ("zh-hans", "en")
WIDTHS = (1366, 375)
ELDER = (False, True)
BLOCKING = {"critical", "serious"}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}, "resultTypes": ["violations"]}


def set_elder_mode(page, on: bool) -> None:
    page.evaluate("(on) => document.documentElement.classList.toggle('elder-mode', on)", on)


def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE)
    return page.evaluate("(options) => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)


def check_page(page, path: str, where: str, found: list) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None and response.status < 400, f"{where} {path}: {response and response.status}"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for elder in ELDER:
            set_elder_mode(page, elder)
            for violation in axe_violations(page):
                if violation["impact"] in BLOCKING:
                    node = violation["nodes"][0]
                    found.append(
                        {
                            "where": f"{where} {width}px{' elder' if elder else ''}",
                            "path": path,
                            "rule": violation["id"],
                            "impact": violation["impact"],
                            "nodes": len(violation["nodes"]),
                            "target": node["target"],
                            "html": node["html"][:160],
                            "summary": node.get("failureSummary", "")[:300],
                        }
                    )


def _report(found: list, artifacts_dir: str) -> str:
    with open(os.path.join(artifacts_dir, "axe-violations.json"), "w", encoding="utf-8") as out:
        json.dump(found, out, ensure_ascii=False, indent=1)
    by_rule = defaultdict(set)
    for item in found:
        by_rule[(item["rule"], item["impact"])].add(f"{item['path']} ({item['where']}: {item['target']})")
    lines = [
        f"{rule} [{impact}] on {len(places)}: " + "; ".join(sorted(places)[:4])
        for (rule, impact), places in by_rule.items()
    ]
    return "\n".join(lines)


def _narrowed(name: str) -> set[str]:
    return {value.strip() for value in os.environ.get(name, "").split(",") if value.strip()}


@pytest.mark.browser
@pytest.mark.xdist_group("browser-axe")
@pytest.mark.django_db(transaction=True)
def test_every_main_page_of_every_role_has_no_serious_accessibility_violation(browser, live_server, artifacts_dir):
    seed_demo_data()
    plan = main_pages()
    assert sum(len(pages) for _user, pages in plan) >= 40  # the workspaces really list the roles' pages
    linked = dict(linked_plan(plan))
    assert sum(len(pages) for pages in linked.values()) >= 40  # and their pages link to records' pages
    roles, only = (_narrowed(name) for name in ("AXE_ROLES", "AXE_ONLY"))
    found: list = []
    checked = 0
    for username, pages in plan:
        if roles and (username or "visitor") not in roles:
            continue
        pages = [p for p in pages + linked[username] if not only or any(part in p for part in only)]
        checked += len(pages)
        for language in LANGUAGES:
            context = signed_in_context(
                browser, live_server.url, username, language, bypass_csp=True, reduced_motion="reduce"
            )
            page = context.new_page()
            try:
                for path in pages:
                    check_page(page, path, f"{username or 'visitor'} {language}", found)
            finally:
                context.close()
    assert checked, "no page matched AXE_ROLES and AXE_ONLY"
    assert not found, "axe-core found critical/serious violations:\n" + _report(found, artifacts_dir)
