"""The site's URLconf plus one page and one API view per kind of refusal, for tests/portal/test_refusal.py."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from portal.exceptions import AccessDenied
from portal.urls import urlpatterns as site_patterns

# A msgid the shell's catalogue translates, so the test can see the message reach the visitor in their language.
REASON = "Only the organization's administrators can invite members."


def _refuse(hide):
    from django.utils.translation import gettext_lazy as _

    raise AccessDenied(_(REASON), hide=hide)


def page_refused(request):
    _refuse(hide=False)


def page_hidden(request):
    _refuse(hide=True)


@api_view(["GET"])
@permission_classes([AllowAny])
def api_refused(request):
    _refuse(hide=False)


@api_view(["GET"])
@permission_classes([AllowAny])
def api_hidden(request):
    _refuse(hide=True)


urlpatterns = [
    path("refusal/page/", page_refused),
    path("refusal/page-hidden/", page_hidden),
    path("refusal/api/", api_refused),
    path("refusal/api-hidden/", api_hidden),
    *site_patterns,
]
