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
            if sub.__module__.split(".")[0] in APPS:
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
        "portal.forms.VeteranProfileForm.enlistment_date",
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
