"""A service's refusal shown on the form that asked: field errors under their field when the form has it, the rest
above the form. Every page that calls a service with a form uses this one helper."""

from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)
