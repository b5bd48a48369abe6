"""A service's refusal shown on the form that asked: field errors under their field when the form has it, the rest
above the form. Every page that calls a service with a form uses these helpers: `run_form` validates the form and
runs the service, `call_service` runs it for a form validated already, `add_service_errors` when the page catches
the error itself.

Only a ValidationError (something the person can put right) lands on the form. An AccessDenied passes through to
the one mapping every page has (portal.middleware): 403, or 404 for another party's object — a refusal is not a
field error, and a 400 form would tell a prober more than the site's ordinary answers do."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied


def add_service_errors(form, exc: ValidationError) -> None:
    for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


def _attempt(form, fn, kwargs) -> tuple[bool, object]:
    try:
        return True, fn(**kwargs)
    except ValidationError as exc:
        add_service_errors(form, exc)
    return False, None


def call_service(form, fn, **kwargs):
    """Run a service for a page's form; its ValidationError becomes a form error (None returned). An AccessDenied
    propagates: the site answers 403, or 404 for another party's object."""
    return _attempt(form, fn, kwargs)[1]


def run_form(request, form, call):
    """On a POST, validate `form` and run `call(cleaned_data)` (a service); a refusal lands on the form.
    Returns what the service returned (True if that was None), or None for a GET, an invalid form or a refusal."""
    if request.method != "POST" or form is None or not form.is_bound or not form.is_valid():
        return None
    done, result = _attempt(form, lambda: call(form.cleaned_data), {})
    return (result if result is not None else True) if done else None


def run_button(request, call, *, done: str = "", denied_as_message: bool = False) -> bool:
    """A button that posts no form of its own (report lost, withdraw, send again): run `call()`; its
    ValidationError becomes an error message for the next page, success the message `done`. Returns whether it
    ran. `denied_as_message`: an AccessDenied too becomes an error message (a page of several operators' buttons,
    where a colleague's change can make one stale) instead of the site's 403/404."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    except AccessDenied as exc:
        if not denied_as_message:
            raise
        messages.error(request, exc.message)
        return False
    if done:
        messages.success(request, done)
    return True


def posted_form(request, name: str, form_class, **kwargs):
    """One of several forms on a page, told apart by their hidden `form` field: bound only when it sent the POST."""
    data = request.POST if request.method == "POST" and request.POST.get("form") == name else None
    return form_class(data, **kwargs)


def render_form(request, template: str, context: dict, *forms):
    """Render a page of forms: 400 when one of them has errors (a refused or invalid POST), else 200."""
    status = 400 if any(f is not None and f.errors for f in forms) else 200
    return render(request, template, context, status=status)


def run_chosen_action(request, form, actions: dict):
    """A page whose buttons name the transition in `action`: on a POST, validate `form` and run the chosen
    service with the form's cleaned data; a refusal or an unknown action lands on the form.
    Returns (action, what the service returned), or None."""
    if request.method != "POST" or not form.is_bound or not form.is_valid():
        return None
    action = request.POST.get("action")
    if action not in actions:
        form.add_error(None, _("Unknown action."))
        return None
    done, result = _attempt(form, lambda: actions[action](form.cleaned_data), {})
    return (action, result) if done else None
