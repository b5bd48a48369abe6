"""API errors: Django ValidationErrors raised by services become 400s with field errors, never 500s; a refusal
(portal.exceptions.AccessDenied) becomes 403 with its translated reason as ``detail``, or 404 when it is hidden."""

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portal.exceptions import AccessDenied


def exception_handler(exc, context):
    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, AccessDenied):
        # A hidden refusal says only what a missing id says, so it confirms nothing.
        exc = exceptions.NotFound() if exc.hide else exceptions.PermissionDenied(detail=exc.message)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
