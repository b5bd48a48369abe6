"""The pieces every export is built from, defined once: the filters a staff list applies (region and below, equal
values, date ranges) and the columns of the person a row is about, masked unless the export is unmasked.

    qs = filtered(qs, filters, region="position__region", equal=("status", "source"),
                  periods={"date": "created_at__date"})          # reads date_from / date_to
    COLUMNS = [*person_columns(lambda application: application.veteran, name=_("Applicant")), ...]
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.people import display_name
from portal.widgets import DateInput


@dataclass
class Column:
    header: str
    value: Callable  # (row, unmask: bool) -> str | int | date | None


def date_filter(label) -> forms.DateField:
    """An optional date of a filter form (one bound of a period)."""
    return forms.DateField(required=False, label=label, widget=DateInput())


def filtered(qs, filters: dict, *, region: str | None = None, equal: Iterable = (), periods: dict | None = None):
    """Apply a filter form's cleaned values to `qs`.

    region: the path from the row to a Region; the chosen region and everything below it match.
    equal: filter keys compared as they are; a key may be a pair (key, path) when the path differs.
    periods: {prefix: path} reading `<prefix>_from` (on or after) and `<prefix>_to` (on or before)."""
    if region and filters.get("region"):
        qs = qs.filter(**{f"{region}__code__startswith": filters["region"].code_prefix})
    for item in equal:
        key, path = item if isinstance(item, tuple) else (item, item)
        if filters.get(key) not in (None, ""):
            qs = qs.filter(**{path: filters[key]})
    for prefix, path in (periods or {}).items():
        if filters.get(f"{prefix}_from"):
            qs = qs.filter(**{f"{path}__gte": filters[f"{prefix}_from"]})
        if filters.get(f"{prefix}_to"):
            qs = qs.filter(**{f"{path}__lte": filters[f"{prefix}_to"]})
    return qs


def person_profile(user):
    """The person's veteran registration or family profile (随军家属/优抚对象 apply, register and enrol too)."""
    if user is None:
        return None
    return getattr(user, "veteran_profile", None) or getattr(user, "family_profile", None)


def person_columns(user_of: Callable, *, name=None, id_number: bool = True, phone: bool = True) -> list:
    """The name, ID number and mobile phone of the person `user_of(row)` returns, masked unless unmasked."""

    def person_name(row, unmask):
        return display_name(user_of(row), unmask=unmask)

    def person_id(row, unmask):
        profile = person_profile(user_of(row))
        if profile is None:
            return ""
        return profile.get_id_number() if unmask else profile.masked_id_number

    def person_phone(row, unmask):
        profile = person_profile(user_of(row))
        if profile is None or not profile.phone:
            return ""
        return profile.phone if unmask else crypto.mask_phone(profile.phone)

    columns = [Column(name or _("Name"), person_name)]
    if id_number:
        columns.append(Column(_("ID number"), person_id))
    if phone:
        columns.append(Column(_("Mobile phone"), person_phone))
    return columns
