"""Elder mode (适老化) in a real browser (issue 17 item 4, must hold): at 375 px with elder mode on, every main page of
every role (tests/e2e/pages.py, generated from the workspaces) has no horizontal scroll, no text element narrower
than two characters, and primary controls of at least 44×44 px; the toggle is visible in the header at every
width, switches at once and is remembered; the desktop menu never breaks one character per line."""

import pytest

from portal.models import User
from tests.e2e.pages import main_pages, signed_in_context
from tests.staff.test_exports_all import seed_demo_data

# Returns what is wrong with the page as drawn: horizontal scroll, text squeezed under two characters' width,
# controls under 44×44 px. `scope` limits the text check (e.g. to the header).
LAYOUT_PROBLEMS = """([scope, checkControls]) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) problems.push(`horizontal scroll: ${root.scrollWidth}px wide`);
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden"
      && !el.closest(".visually-hidden, .visually-hidden-focusable");
  };
  for (const el of document.querySelectorAll(scope + " *")) {
    const text = Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
    if (text.length < 2 || !shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const width = el.getBoundingClientRect().width;
    if (width < (/[\\u3400-\\u9fff]/.test(text) ? 1.8 : 1.0) * size) {
      const tag = el.tagName.toLowerCase();
      problems.push(`text narrower than two characters (${Math.round(width)}px): <${tag}> ${text.slice(0, 24)}`);
    }
  }
  if (checkControls) {
    const controls = "button, .btn, .nav-link, .page-link, .navbar-toggler, select, textarea, "
      + "input:not([type=hidden]):not([type=checkbox]):not([type=radio])";
    for (const el of document.querySelectorAll(controls)) {
      if (!shown(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width < 44 || box.height < 44) {
        const label = (el.innerText || el.value || el.name || el.className).trim().slice(0, 24);
        problems.push(`control under 44×44 (${Math.round(box.width)}×${Math.round(box.height)}): ${label}`);
      }
    }
  }
  return problems;
}"""


@pytest.mark.browser
@pytest.mark.xdist_group("browser-axe")
@pytest.mark.django_db(transaction=True)
def test_every_main_page_at_375_px_in_elder_mode_fits_and_has_big_controls(browser, live_server):
    seed_demo_data()
    User.objects.filter(username__startswith="demo-").update(elder_mode=True)  # the account's choice applies
    problems = []
    for username, pages in main_pages():
        for language in ("zh-hans", "en"):
            context = signed_in_context(browser, live_server.url, username, language, width=375)
            if username is None:
                context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
            page = context.new_page()
            for path in pages:
                page.goto(path)
                assert page.evaluate("document.documentElement.classList.contains('elder-mode')"), path
                found = page.evaluate(LAYOUT_PROBLEMS, ["body", True])
                problems += [f"{username or 'visitor'} {language} {path}: {p}" for p in found]
            context.close()
    assert not problems, "\n".join(problems[:60])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_toggle_is_in_the_header_at_every_width_switches_at_once_and_is_remembered(browser, live_server):
    from tests.factories import VeteranFactory

    veteran = VeteranFactory()
    veteran.username = "demo-veteran"
    veteran.save()
    for width in (375, 1366):
        context = signed_in_context(browser, live_server.url, "demo-veteran", "zh-hans", width=width)
        page = context.new_page()
        page.goto("/workspace/")
        assert page.is_visible("#elder-toggle")  # not hidden in the phone menu
        assert page.evaluate(LAYOUT_PROBLEMS, ["header", False]) == []  # the desktop menu: whole words per line
        page.click("#elder-toggle")
        assert page.evaluate("document.documentElement.classList.contains('elder-mode')")
        assert page.get_attribute("#elder-toggle", "aria-pressed") == "true"
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
        assert page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight) / 18") >= 1.5
        page.wait_for_function("() => document.cookie.includes('elder_mode=1')")
        page.goto("/jobs/")  # drawn in elder mode by the server, from the cookie
        assert page.evaluate("document.documentElement.classList.contains('elder-mode')")
        assert page.is_visible(".nav-elder") is (width >= 1200)  # the short menu (in the collapsed menu on a phone)
        assert not page.is_visible(".nav-full")
        with page.expect_response(lambda response: "/preferences/elder-mode/" in response.url):
            page.click("#elder-toggle")
        assert not page.evaluate("document.documentElement.classList.contains('elder-mode')")
        context.close()
    veteran.refresh_from_db()
    assert veteran.elder_mode is False  # saved on the account each time
