"""Job fairs as staff run them: the rules between a fair's fields (dates, kind, venue or link, capacity), creating
and editing. Booths are jobs.services.booths, registration and check-in jobs.services.fair_registrations, intents to
hire jobs.services.intents."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.models import Booth, FairRegistration, JobFair
from portal.exceptions import AccessDenied
from portal.models import AuditLog
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record

FAIR_FIELDS = [
    "title",
    "kind",
    "organizer",
    "description",
    "region",
    "venue",
    "stream_url",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "booth_count",
    "is_published",
]
_web_address = URLValidator(schemes=["http", "https"])


def _require_staff(user) -> None:
    if not is_bureau_staff(user):
        raise AccessDenied(_("Only bureau staff can run job fairs."))


def fair_rule_errors(fair: JobFair, *, existing: bool) -> dict:
    """What is wrong with the (unsaved) values of `fair`, as {field: message}; empty when all is well. Fields not
    yet set are left to full_clean. The admin's form asks this too."""
    errors = _window_and_kind_errors(fair)
    if existing:
        for field, message in _taken_errors(fair).items():
            errors.setdefault(field, message)
    return errors


def _window_and_kind_errors(fair: JobFair) -> dict:
    errors = {}
    if fair.capacity is not None and fair.capacity < 1:
        errors["capacity"] = _("A fair needs room for at least one veteran.")
    if fair.booth_count is not None and fair.booth_count < 0:
        errors["booth_count"] = _("The number of booths cannot be negative.")
    if fair.starts_at and fair.ends_at and fair.ends_at <= fair.starts_at:
        errors["ends_at"] = _("The fair must end after it starts.")
    opens, closes = fair.registration_opens_at, fair.registration_closes_at
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    elif closes and fair.ends_at and closes > fair.ends_at:
        errors["registration_closes_at"] = _("Registration must close no later than the end of the fair.")
    if fair.kind == JobFair.Kind.ONSITE and not fair.venue:
        errors["venue"] = _("An on-site fair needs a venue.")
    if fair.stream_url:
        try:
            _web_address(fair.stream_url)
        except ValidationError:
            errors["stream_url"] = _("Enter a web address starting with http:// or https://.")
    elif fair.kind in (JobFair.Kind.ONLINE, JobFair.Kind.LIVESTREAM):
        errors["stream_url"] = _("Online and live-stream fairs need a link.")
    return errors


def _taken_errors(fair: JobFair) -> dict:
    """An edited fair keeps room for the veterans already registered and the booths already approved. fair_update
    holds the fair row (FOR UPDATE), which fair_register and booth_approve also take, so the counts cannot move."""
    errors = {}
    registered = FairRegistration.objects.filter(fair=fair).count()
    if fair.capacity is not None and fair.capacity < registered:
        errors["capacity"] = ngettext(
            "%(count)s veteran is already registered; the capacity cannot be lower.",
            "%(count)s veterans are already registered; the capacity cannot be lower.",
            registered,
        ) % {"count": registered}
    approved = Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED)
    numbers = approved.aggregate(n=Max("number"), count=Count("pk"))
    if fair.booth_count is not None and fair.booth_count < numbers["count"]:
        errors["booth_count"] = ngettext(
            "%(count)s booth is already approved; the number of booths cannot be lower.",
            "%(count)s booths are already approved; the number of booths cannot be lower.",
            numbers["count"],
        ) % {"count": numbers["count"]}
    elif fair.booth_count is not None and numbers["n"] and fair.booth_count < numbers["n"]:
        # Approvals and rejections can leave gaps: booths 1 and 3 approved, 2 given back.
        errors["booth_count"] = _(
            "Booth number %(number)s is already assigned; the number of booths cannot be lower."
        ) % {"number": numbers["n"]}
    return errors


def _fair_save(fair: JobFair, data: dict, *, existing: bool) -> list[str]:
    """Apply `data` (FAIR_FIELDS only), check every rule, save. Returns the names of the fields that changed."""
    changed = []
    for field in FAIR_FIELDS:
        if field in data:
            value = data[field]
            if isinstance(value, str):
                value = value.strip()
            # Compared by the stored value (the region's id): a new fair has no region to fetch yet.
            stored = JobFair._meta.get_field(field).attname
            if getattr(fair, stored) != (value.pk if field == "region" and value is not None else value):
                changed.append(field)
            setattr(fair, field, value)
    errors = fair_rule_errors(fair, existing=existing)
    try:
        # The model's check constraints are weaker than the rules above and would only repeat them untranslated.
        fair.full_clean(exclude=list(errors), validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    fair.save()
    return changed


@transaction.atomic
def fair_create(*, staff, data: dict, request=None) -> JobFair:
    """Staff create a fair from `data` (keys of FAIR_FIELDS; `region` a Region)."""
    _require_staff(staff)
    fair = JobFair(created_by=staff)
    _fair_save(fair, data, existing=False)
    audit_record(
        actor=staff, action=AuditLog.Action.OTHER, target=fair, detail={"event": "fair_create"}, request=request
    )
    return fair


@transaction.atomic
def fair_update(*, fair: JobFair, staff, data: dict, request=None) -> JobFair:
    """Staff change some of a fair's fields (`data` holds only those). Capacity and booth count cannot drop below
    what is already taken."""
    _require_staff(staff)
    fair = JobFair.objects.select_for_update().get(pk=fair.pk)
    changed = _fair_save(fair, data, existing=True)
    audit_record(
        actor=staff,
        action=AuditLog.Action.OTHER,
        target=fair,
        detail={"event": "fair_update", "changed": changed},
        request=request,
    )
    return fair
