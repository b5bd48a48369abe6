"""A URLconf for the error-page test: the site's own, plus a page that fails."""

from django.urls import path

from portal.urls import urlpatterns as site_patterns


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), *site_patterns]
