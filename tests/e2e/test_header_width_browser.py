"""The header fits at every width in both languages (issue 17 item 7): from 320 px to 1920 px, in zh-hans and en, for
a visitor, a veteran and a member of staff (the longest menu), the page does not scroll sideways, nothing in the header
sticks out of it, and no header text is squeezed under two characters' width — with the phone menu closed and opened."""

import pytest

from tests.e2e.pages import signed_in_context
from tests.e2e.test_elder_mode_browser import LAYOUT_PROBLEMS

WIDTHS = (320, 360, 375, 414, 576, 768, 992, 1024, 1199, 1200, 1280, 1366, 1440, 1920)

# What sticks out of the header: an element whose box passes the viewport's right edge or starts left of 0.
OUT_OF_HEADER = """() => {
  const out = [];
  for (const el of document.querySelectorAll("header *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || el.closest(".visually-hidden, .visually-hidden-focusable")) continue;
    if (box.right > window.innerWidth + 1 || box.left < -1) {
      out.push(`<${el.tagName.toLowerCase()}> ${(el.innerText || el.id || el.className).trim().slice(0, 24)}`
        + ` at ${Math.round(box.left)}–${Math.round(box.right)}px`);
    }
  }
  return out;
}"""


def _problems(page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS, ["header", False]) + page.evaluate(OUT_OF_HEADER)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_header_fits_at_every_width_in_both_languages(browser, live_server):
    from tests.factories import StaffFactory, VeteranFactory

    VeteranFactory(username="header-veteran-with-a-rather-long-name")
    StaffFactory(username="header-staff")
    problems = []
    for username in (None, "header-veteran-with-a-rather-long-name", "header-staff"):
        for language in ("zh-hans", "en"):
            for width in WIDTHS:
                context = signed_in_context(browser, live_server.url, username, language, width=width)
                page = context.new_page()
                page.goto("/jobs/")
                where = f"{username or 'visitor'} {language} {width}px"
                problems += [f"{where}: {problem}" for problem in _problems(page)]
                if page.is_visible(".navbar-toggler"):  # the phone menu: opened, every item still fits
                    page.click(".navbar-toggler")
                    page.wait_for_selector("#mainNav.show")
                    problems += [f"{where} (menu open): {problem}" for problem in _problems(page)]
                context.close()
    assert not problems, "\n".join(problems[:60])
