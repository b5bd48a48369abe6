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


def test_a_button_without_a_form_says_the_refusal_or_the_success_on_the_next_page():
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from portal.form_errors import run_button

    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)

    def refuse():
        raise ValidationError(["Already reported.", "Call the counter."])

    assert run_button(request, refuse, done="Done.") is False
    assert run_button(request, lambda: None, done="Done.") is True
    with pytest.raises(AccessDenied):
        run_button(request, lambda: (_ for _ in ()).throw(AccessDenied()))
    assert [str(m) for m in get_messages(request)] == ["Already reported. Call the counter.", "Done."]


def test_a_button_can_say_a_refused_access_on_the_next_page_instead_of_answering_403():
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from portal.form_errors import run_button

    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)

    def deny():
        raise AccessDenied("Only the base's operator may do this.")

    def refuse():
        raise ValidationError("The desk is in use.")

    assert run_button(request, deny, done="Saved.", denied_as_message=True) is False
    assert run_button(request, refuse, done="Saved.", denied_as_message=True) is False
    assert run_button(request, lambda: None, done="Saved.", denied_as_message=True) is True
    assert [str(m) for m in get_messages(request)] == [
        "Only the base's operator may do this.",
        "The desk is in use.",
        "Saved.",
    ]
