"""Small helpers shared by the training views."""

from django.core.exceptions import ValidationError

from portal.form_errors import add_service_errors  # noqa: F401 -- the pages import it from here


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)
