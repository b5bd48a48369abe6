"""The API's page-number pagination (settings REST_FRAMEWORK DEFAULT_PAGINATION_CLASS): DRF's own, with the total
of a large list counted once a minute instead of on every call (portal.pagination)."""

from rest_framework.pagination import PageNumberPagination

from portal.pagination import CachedCountPaginator


class CachedCountPagination(PageNumberPagination):
    django_paginator_class = CachedCountPaginator
