"""Small helpers shared by the jobs views."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator


def error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def paginate(request, queryset, per_page=20):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
