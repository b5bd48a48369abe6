"""Every date and time input keeps its value in every language: `<input type=date>` reads only ISO dates and
`<input type=datetime-local>` only ISO local times, so each form's date widgets render ISO whatever the language
(Django's default renders zh-hans dates as 2010/09/01, which the browser drops: saving the form erased the dates)."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import timezone, translation

APPS = ["portal", "jobs", "training", "entrepreneurship", "benefits"]
DATE = datetime.date(2010, 9, 1)
MOMENT = datetime.datetime(2026, 3, 4, 8, 30)


def project_form_classes() -> list[type]:
    """Every form class defined in the project's apps (all modules imported, so none is missed)."""
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            skip = info.name.startswith("portal.settings") or ".migrations" in info.name
            if skip or info.name.endswith(("wsgi", "asgi")):
                continue
            importlib.import_module(info.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            # Admin forms get the admin's own split date/time widgets from ModelAdmin, not from the form class.
            if sub.__module__.split(".")[0] in APPS and not sub.__module__.endswith(".admin"):
                found.append(sub)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def date_widgets():
    for cls in project_form_classes():
        for name, field in getattr(cls, "base_fields", {}).items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                yield f"{cls.__module__}.{cls.__qualname__}.{name}", field


def test_the_form_scan_finds_the_edit_forms():
    names = {name for name, _field in date_widgets()}
    for expected in [
        "portal.profile_forms.VeteranProfileForm.enlistment_date",
        "jobs.forms.PositionForm.deadline",
        "jobs.forms.FairForm.starts_at",
        "training.forms.TrainingClassForm.enrolment_opens",
        "benefits.forms.OfferForm.valid_until",
        "entrepreneurship.forms.DisburseForm.disbursed_on",
    ]:
        assert expected in names


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_and_time_input_renders_iso_in_every_language(language, settings):
    with translation.override(language), timezone.override("Asia/Shanghai"):
        for name, field in date_widgets():
            widget = field.widget
            if isinstance(field, forms.DateTimeField):
                html = widget.render("x", timezone.make_aware(MOMENT))
                assert widget.input_type == "datetime-local", name
                assert 'value="2026-03-04T08:30"' in html, (name, html)
                assert field.to_python("2026-03-04T08:30") == timezone.make_aware(MOMENT), name
            else:
                html = widget.render("x", DATE)
                assert widget.input_type == "date", name
                assert 'value="2010-09-01"' in html, (name, html)
                assert field.to_python("2010-09-01") == DATE, name


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_edit_page_renders_its_stored_dates_in_iso(client, settings, language):
    """The edit pages of the browser round trip, without a browser: each date or time input shows the stored value
    in ISO form (the one format `<input type=date>` and `datetime-local` read)."""
    import re

    from tests.e2e.test_edit_round_trip_browser import build_data

    expected = {
        "profile: service": {"enlistment_date": "2010-09-01", "discharge_date": "2015-12-31"},
        "代办 profile": {"enlistment_date": "2010-09-01", "discharge_date": "2015-12-31"},
        "position": {"deadline": "2030-01-31"},
        "job fair": {"starts_at": "2030-03-04T09:00", "registration_closes_at": "2030-03-03T23:59"},
        "offer": {"valid_from": "2026-01-01", "valid_until": "2030-12-31"},
    }
    roles = build_data()
    seen = {}
    for user, pages in roles:
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if any(p.url.startswith("/staff/act/") for p in pages):
            assert client.post(f"/staff/act/{roles[0][0].pk}/start/").status_code == 302
        for edit in pages:
            if edit.prepare:
                edit.prepare()
            html = client.get(edit.url).content.decode()
            assert f'lang="{language}"' in html
            for tag in re.findall(r"<input[^>]*type=\"(?:date|datetime-local)\"[^>]*>", html):
                name = re.search(r'name="([^"]+)"', tag).group(1)
                value = re.search(r'value="([^"]*)"', tag)
                value = value.group(1) if value else ""
                assert re.fullmatch(r"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?)?", value), (edit.name, name, value)
                seen[(edit.name, name)] = value
        client.logout()
    for page_name, values in expected.items():
        for name, value in values.items():
            assert seen[(page_name, name)] == value, (page_name, name, seen.get((page_name, name)))
