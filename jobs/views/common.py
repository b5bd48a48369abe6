"""Small helpers shared by the jobs views."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from portal.form_errors import add_service_errors  # noqa: F401 -- the pages import it from here
from portal.pagination import CachedCountPaginator


def error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


class LazyList(Sequence):
    """A list computed on first use: lets a template skip a query when the fragment that shows it is cached."""

    def __init__(self, load):
        self._load = load

    @cached_property
    def _items(self) -> list:
        return list(self._load())

    def __getitem__(self, index):
        return self._items[index]

    def __len__(self):
        return len(self._items)


def paginate(request, queryset, per_page=20, *, cached_count=False, param="page"):
    """One page of `queryset`, numbered by the query parameter `param` (a page with two lists gives each its own;
    templates/includes/pagination.html takes it as page_param)."""
    paginator_class = CachedCountPaginator if cached_count else Paginator
    return paginator_class(queryset, per_page).get_page(request.GET.get(param))
