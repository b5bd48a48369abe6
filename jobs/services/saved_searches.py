"""Saved searches: a person saves the search page's keywords and filters, changes how often alerts come, removes it,
or stops its alerts from the notice's own signed link (no sign-in needed)."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.models import SavedSearch
from jobs.permissions import can_save_searches
from jobs.selectors import SORTS
from portal.exceptions import AccessDenied
from portal.models import User

MAX_SAVED_SEARCHES = 20
UNSUBSCRIBE_SALT = "jobs.saved-search-alerts.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365
FILTER_FIELDS = (
    "q",
    "region",
    "category",
    "salary_min",
    "education",
    "veteran_priority",
    "targeted",
    "welcomes_family",
    "fair",
    "sort",
)


def default_name(filters: dict) -> str:
    """`货车司机 · 福州市 · 6000元起`: what a person recognises their search by."""
    parts = [filters.get("q") or ""]
    for key in ("region", "category", "fair"):
        if filters.get(key) is not None:
            parts.append(filters[key].name if key != "fair" else filters[key].title)
    if filters.get("salary_min"):
        parts.append(_("from %(salary)s CNY") % {"salary": filters["salary_min"]})
    name = " · ".join(p for p in parts if p)
    return (name or _("All positions"))[:80]


def _same_search(user, filters: dict):
    lookup = {}
    for key in FILTER_FIELDS:
        value = filters.get(key)
        if key in ("region", "category", "fair", "salary_min", "education") and value is None:
            lookup[f"{key}__isnull"] = True
        else:
            lookup[key] = value
    return SavedSearch.objects.filter(user=user, **lookup).first()


def _check_frequency(frequency: str) -> None:
    if frequency not in SavedSearch.Frequency.values:
        raise ValidationError({"frequency": _("Choose how often you want alerts.")})


@transaction.atomic
def saved_search_create(*, user, filters: dict, frequency: str, name: str = "") -> SavedSearch:
    """Save the search page's filters (jobs.forms.PositionSearchForm.filters()) for `user`."""
    if not can_save_searches(user):
        raise AccessDenied(_("Complete your registration as a veteran or family member to save searches."))
    _check_frequency(frequency)
    filters = {key: filters.get(key) for key in FILTER_FIELDS}
    filters["q"] = (filters["q"] or "").strip()[:100]
    filters["sort"] = filters["sort"] if filters["sort"] in SORTS else "relevance"
    for flag in ("veteran_priority", "targeted", "welcomes_family"):
        filters[flag] = bool(filters[flag])
    # Lock the person's row so that two quick clicks cannot pass the checks below together.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if _same_search(user, filters) is not None:
        raise ValidationError(_("You have already saved this search."))
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            _("You can keep at most %(n)s saved searches; delete one first.") % {"n": MAX_SAVED_SEARCHES}
        )
    saved = SavedSearch(user=user, frequency=frequency, name=(name or "").strip()[:80] or default_name(filters))
    for key, value in filters.items():
        setattr(saved, key, value)
    saved.full_clean()
    saved.save()
    return saved


def _own(saved_search: SavedSearch, user) -> SavedSearch:
    if saved_search.user_id != getattr(user, "pk", None):
        raise AccessDenied(hide=True)
    return saved_search


@transaction.atomic
def saved_search_update(*, saved_search: SavedSearch, user, frequency: str | None = None, name: str | None = None):
    """Change how often a saved search alerts (or its name)."""
    saved_search = _own(saved_search, user)
    fields = ["updated_at"]
    if frequency is not None:
        _check_frequency(frequency)
        saved_search.frequency = frequency
        fields.append("frequency")
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": _("Give the search a name.")})
        saved_search.name = name.strip()[:80]
        fields.append("name")
    saved_search.save(update_fields=fields)
    return saved_search


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch, user) -> None:
    _own(saved_search, user).delete()


# --- the notice's unsubscribe link ------------------------------------------------------------------------------


def unsubscribe_token(user_id: int, search_ids) -> str:
    return signing.dumps({"u": user_id, "s": sorted(search_ids)}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user_id: int, search_ids) -> str:
    return settings.SITE_URL + reverse("jobs:saved_search_unsubscribe", args=[unsubscribe_token(user_id, search_ids)])


def searches_for_token(token: str) -> list[SavedSearch] | None:
    """The saved searches a signed link names (those still saved), or None when the link is forged or too old."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), list):
        return None
    ids = [i for i in data["s"] if isinstance(i, int)]
    return list(SavedSearch.objects.filter(user_id=data.get("u"), pk__in=ids).order_by("pk"))


@transaction.atomic
def saved_search_unsubscribe(*, token: str) -> list[SavedSearch] | None:
    """Stop the alerts of the searches a notice's link names; the searches stay saved. None for a bad link."""
    searches = searches_for_token(token)
    if searches is None:
        return None
    SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(frequency=SavedSearch.Frequency.OFF)
    return searches
