"""The one form-error helper: what the person can put right lands on the form; a refusal is not a field error."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from portal.exceptions import AccessDenied
from portal.form_errors import call_service, run_form


class NoteForm(forms.Form):
    note = forms.CharField()


def posted(data):
    request = RequestFactory().post("/", data)
    return request, NoteForm(request.POST)


def test_a_validation_error_lands_under_its_field_and_the_rest_above_the_form():
    request, form = posted({"note": "x"})

    def refuse(data):
        raise ValidationError({"note": ["Too short."], "other": ["Not now."]})

    assert run_form(request, form, refuse) is None
    assert form.errors["note"] == ["Too short."]
    assert form.non_field_errors() == ["Not now."]


@pytest.mark.parametrize("hide", [False, True])
def test_an_access_refusal_passes_through_to_the_pages_403_or_404(hide):
    request, form = posted({"note": "x"})

    def refuse(data):
        raise AccessDenied("You may not.", hide=hide)

    with pytest.raises(AccessDenied):
        run_form(request, form, refuse)
    with pytest.raises(AccessDenied):
        call_service(NoteForm({"note": "x"}), lambda: refuse({}))
    assert not form.errors


def test_a_service_that_returns_nothing_still_counts_as_done():
    request, form = posted({"note": "x"})
    assert run_form(request, form, lambda data: None) is True
    assert run_form(RequestFactory().get("/"), NoteForm(), lambda data: 1 / 0) is None
