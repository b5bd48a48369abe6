"""One date style on every page (issue 17: "two date styles on one page"): 2026-05-01 and 2026-05-01 14:30, in both
languages, whether a template names the format or leaves it to the locale (portal/formats)."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

ROOT = Path(__file__).resolve().parent.parent
# The formats a template may name: the date, the date and time, and their parts (a time on the same day, a month,
# a day in a short list), plus the machine forms (ISO for <time datetime>, a datetime-local input's value).
ALLOWED = {"Y-m-d", "Y-m-d H:i", "H:i", "H:i:s", "m-d H:i", "Y-m", "c", r"Y-m-d\TH:i", "DATE_FORMAT", "DATETIME_FORMAT"}
DATE_FILTER = re.compile(r"""\|date:(?:"([^"]*)"|'([^']*)')""")


def _templates():
    skip = {".venv", "node_modules", "static", "test-artifacts"}
    return [p for p in ROOT.rglob("*.html") if not skip & set(p.relative_to(ROOT).parts)]


def test_templates_name_only_the_projects_date_formats():
    found = [
        f"{path.relative_to(ROOT)}: {fmt}"
        for path in _templates()
        for match in DATE_FILTER.finditer(path.read_text(encoding="utf-8"))
        if (fmt := match.group(1) or match.group(2)) not in ALLOWED
    ]
    assert not found, "use Y-m-d / Y-m-d H:i:\n" + "\n".join(found)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_date_without_a_format_looks_like_the_named_ones(language):
    moment = timezone.make_aware(datetime.datetime(2026, 5, 1, 14, 30))
    template = Template(
        "{{ day }}|{{ day|date }}|{{ day|date:'DATE_FORMAT' }}|{{ moment }}|{{ moment|date:'DATETIME_FORMAT' }}"
        "|{{ moment|date:'SHORT_DATETIME_FORMAT' }}|{{ moment|time }}"
    )
    with translation.override(language):
        shown = template.render(Context({"day": moment.date(), "moment": moment})).split("|")
    assert shown == ["2026-05-01"] * 3 + ["2026-05-01 14:30"] * 3 + ["14:30"]


def test_forms_still_accept_the_dates_people_type():
    from django import forms

    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override("zh-hans"):
        for typed in ("2026-05-01", "2026/05/01"):
            form = DateForm({"day": typed})
            assert form.is_valid() and form.cleaned_data["day"] == datetime.date(2026, 5, 1), typed
