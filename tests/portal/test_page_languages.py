"""Every main page of every demo role reads in one language (issue 17): rendered in English it shows no Chinese
(reference data and notices included), rendered in Chinese no English from the project's or its libraries'
messages. A text scan of each page, through the Django test client.

What people typed (names, titles, addresses: the demo data is Chinese) is theirs and not scanned: the text of
every row in the database, except the reference lists and the notices, which must follow the language. A text
whose Chinese words are all reference names (a region, a specialty, an occupation, an industry) counts as
reference data even if someone's longer text contains it, unless it is a whole value someone typed (a course an
institution named 工业机器人运维 is the institution's text).
"""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from portal.models import User
from tests.e2e.pages import linked_plan, main_pages
from tests.portal.test_workspace_crawl import _followable, links_on
from tests.staff.test_exports_all import seed_demo_data
from tests.test_translations import PRECEDENCE, ROOT

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
IDEOGRAPHS = re.compile(r"[\u3400-\u9fff]+")
ENGLISH_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[ ,.:;!?]+[A-Za-z][A-Za-z'’-]*)*")
# Reference data and notices are shown in the reader's language; all other text in the database is people's.
LOCALIZED_MODELS = {
    "portal.region",
    "portal.occupationcategory",
    "portal.militaryspecialty",
    "benefits.industry",
    "portal.notification",
}
# Framework tables: their text (permission names, task names) is no one's typing and would hide leaks.
NOT_PEOPLES = {"sessions", "admin", "contenttypes", "django_celery_beat"}
# Words that stay as they are in both languages: the language switcher, brands, formats and units.
CHINESE_ALLOWED = {"中文", "简体中文"}
ENGLISH_ALLOWED = {
    "English",
    "QR",
    "PDF",
    "CSV",
    "XLSX",
    "API",
    "ID",
    "SMS",
    "CNY",
    "RSS",
    "iCal",
    "ics",
    "XLSX CSV",
    "Token",
    "TOTP",
    "JSON",
    "JPEG",
    "PNG",
    "WebP",
    "MB",
    "csv",
    "xlsx",
    "DOCX",
    "Word",
    "REST API",
    "Markdown",
}
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class VisibleText(HTMLParser):
    """Text nodes and the attributes people hear or see, without scripts, styles and what is marked
    translate="no" (codes, tokens)."""

    HIDDEN = ("script", "style", "template")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden: list[str] = []  # the open tags whose content is not scanned

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in self.HIDDEN or values.get("translate") == "no":
            self._hidden.append(tag)
        if self._hidden:
            return
        self.parts += [values[a] for a in ATTRIBUTES if values.get(a)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def reference_names() -> set[str]:
    """The Chinese names of the reference rows (regions, specialties, occupations, industries)."""
    names = set()
    for label in LOCALIZED_MODELS - {"portal.notification"}:
        names |= set(apps.get_model(label).objects.values_list("name", flat=True))
    return names


def json_strings(value, reference: set[str]) -> list[str]:
    """The texts in a JSON value, except copies of reference data (a snapshot's "福建省 福州市 鼓楼区" or specialty
    names): those are shown in the reader's language like the rows they copy, so they are no one's typing."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value  # a list of tags someone typed (a position's skills: 押运, 汽车维修)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item, reference)]
    if isinstance(value, str) and not (value.split() and all(word in reference for word in value.split())):
        return [value]
    return []


def people_text() -> tuple[str, set[str]]:
    """Every text value people or the demo entered: joined (a found run that is part of one is theirs), and as
    the set of whole values."""
    values = []
    reference = reference_names()
    for model in apps.get_models():
        if (
            model._meta.label_lower in LOCALIZED_MODELS
            or model._meta.label_lower == "auth.permission"
            or model._meta.app_label in NOT_PEOPLES
        ):
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            values += [text for v in row if v for text in ([v] if isinstance(v, str) else json_strings(v, reference))]
    return "\x00".join(values), {v.strip() for v in values}


def is_reference_text(part: str, reference: set[str]) -> bool:
    """Its Chinese words are all reference names: "福州市", "Region: 福州市", "押运 · 汽车维修"."""
    words = IDEOGRAPHS.findall(part)
    return bool(words) and all(word in reference for word in words)


def foreign_runs(
    parts: list[str], pattern, allowed: set, people: tuple[str, set[str]], reference: set[str]
) -> set[str]:
    """The runs of `pattern` no one typed; a text of reference names is reference data unless someone typed
    exactly it."""
    people, whole_values = people
    runs = set()
    for part in parts:
        if is_reference_text(part, reference) and part not in whole_values:
            runs.update(r for r in (run.strip(" ,.:;!?") for run in pattern.findall(part)) if r not in whole_values)
            continue
        if part in people:
            continue
        for run in pattern.findall(part):
            run = run.strip(" ,.:;!?")
            if run and run not in allowed and run not in people:
                runs.add(run)
    return runs


def route_of(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def scan(client, plan, language: str, pattern, allowed: set, reference: frozenset = frozenset()) -> list[str]:
    """Each main page, and one page of each kind it links to (a position, a class, an application …); and each
    role's own pages of each kind its main pages link to (tests/e2e/pages.linked_plan: its claim's, booking's,
    entry's, applicant's progress page, its consents), as the axe-core test and the screenshots see them."""
    people = people_text()
    problems, seen = [], set()
    linked = dict(linked_plan(plan))
    for username, paths in plan:
        if username:
            client.force_login(User.objects.get(username=username))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # logging out clears the cookies
        queue = list(dict.fromkeys(paths + linked[username]))
        while queue:
            path = queue.pop(0)
            response = client.get(path, follow=True)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            runs = foreign_runs(visible_text(html), pattern, allowed, people, reference)
            problems += [f"{username or 'visitor'} {path}: {run!r}" for run in sorted(runs)]
            if path in paths:
                for link in sorted(links_on(html)):
                    if _followable(link) and not link.startswith("/admin/") and route_of(link) not in seen:
                        seen.add(route_of(link))
                        queue.append(link)
        client.logout()
    return problems


def test_english_pages_show_no_chinese(client):
    seed_demo_data()
    problems = scan(client, main_pages(), "en", CJK, CHINESE_ALLOWED, reference_names())
    assert not problems, f"{len(problems)} Chinese texts on English pages:\n" + "\n".join(problems[:80])


def test_chinese_pages_show_no_english_messages(client):
    seed_demo_data()
    problems = scan(client, main_pages(), "zh-hans", ENGLISH_WORDS, ENGLISH_ALLOWED)
    assert not problems, f"{len(problems)} English texts on Chinese pages:\n" + "\n".join(problems[:80])


def test_every_msgid_written_with_chinese_words_has_its_english_wording():
    """Source texts that quote Chinese terms (随军家属, 退役报到) read in English from locale/en."""
    english = {e.msgid for e in polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po")).translated_entries()}
    quoting = {
        e.msgid
        for prefix in PRECEDENCE
        for e in polib.pofile(str(ROOT / prefix / "zh_Hans/LC_MESSAGES/django.po"))
        if CJK.search(e.msgid)
    }
    assert quoting and not quoting - english, sorted(quoting - english)
