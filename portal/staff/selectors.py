"""Reads of the staff workbench with real logic: finding a veteran at the counter, registrations and family links
to confirm."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.models import FamilyMemberProfile, VeteranProfile
from portal.validators import PHONE_RE, normalize_id_number, normalize_phone


def veteran_search_key(q: str) -> dict:
    """What a search needs, without the personal number it was typed with: a full ID number or mobile number
    becomes its keyed hash (so it can be kept in the session and never reaches a URL or a log); anything else
    (a name, the last 4 characters) is kept as typed."""
    q = q.strip()
    try:
        return {"id_hash": crypto.keyed_hash(normalize_id_number(q))}
    except ValidationError:
        pass
    phone = normalize_phone(q)
    if PHONE_RE.match(phone):
        return {"phone_hash": crypto.keyed_hash(phone)}
    return {"text": q}


def veterans_find(key: dict | str):
    """By a search key (veteran_search_key, or the typed text): the full ID number or mobile number (keyed hash),
    the last 4 characters of either, or the name. Only masked data is shown for the results."""
    if isinstance(key, str):
        key = veteran_search_key(key)
    if "id_hash" in key:
        condition = Q(id_number_hash=key["id_hash"])
    elif "phone_hash" in key:
        condition = Q(phone_hash=key["phone_hash"])
    else:
        q = key.get("text", "").strip()
        condition = Q(real_name__icontains=q)
        if len(q) == 4 and (q[:3].isdigit() and (q[3].isdigit() or q[3] in "xX")):
            condition |= Q(id_number_last4=q.upper()) | Q(phone_last4=q)
    return VeteranProfile.objects.filter(condition).select_related("region", "user").order_by("real_name", "pk")


FAMILY_STATES = {
    "pending": _("Waiting for confirmation"),
    "returned": _("Sent back for correction"),
    "verified": _("Confirmed"),
}


def family_profiles(*, state: str = "pending"):
    """Family profiles by review state; the pending ones oldest first (the queue), the others latest first."""
    qs = FamilyMemberProfile.objects.select_related("veteran__region", "region")
    if state == "verified":
        return qs.filter(verified=True).order_by("-reviewed_at", "-pk")
    if state == "returned":
        return qs.filter(verified=False).exclude(review_note="").order_by("-reviewed_at", "-pk")
    return qs.filter(verified=False, review_note="").order_by("created_at", "pk")


VETERAN_STATES = {
    "submitted": _("Awaiting verification"),
    "rejected": _("Returned for correction"),
    "verified": _("Verified"),
}


def veteran_profiles(*, state: str = "submitted"):
    """退役报到 registrations by review state; the waiting ones oldest first (the queue), the others latest first."""
    qs = VeteranProfile.objects.select_related("region__parent", "user").prefetch_related("military_specialties")
    if state == "submitted":
        return qs.filter(status=VeteranProfile.Status.SUBMITTED).order_by("updated_at", "pk")
    if state == "verified":
        return qs.filter(status=VeteranProfile.Status.VERIFIED).order_by("-verified_at", "-pk")
    if state == "rejected":
        return qs.filter(status=VeteranProfile.Status.REJECTED).order_by("-updated_at", "-pk")
    return qs  # any state: a review page opened from a link


def region_staff(region) -> list:
    """The bureau staff responsible for a region: the active staff members of the (verified) veterans affairs bureau
    whose region it is; where that region has no bureau with staff, those of its parent region's bureau, and so on up
    to the province. Empty when no bureau on the way up has any (the staff queues still list the work)."""
    from portal.models import Organization, OrganizationMembership

    node = region
    while node is not None:
        memberships = OrganizationMembership.objects.filter(
            organization__org_type=Organization.Type.BUREAU,
            organization__status=Organization.Status.VERIFIED,
            organization__region=node,
            user__is_active=True,
        ).select_related("user")
        staff = sorted({m.user for m in memberships if m.user.is_bureau_staff}, key=lambda u: u.pk)
        if staff:
            return staff
        node = node.parent
    return []


def bureau_regions(user) -> list:
    """The regions of the verified bureaus the staff member belongs to (what they are responsible for)."""
    from portal.models import Organization, Region

    return list(
        Region.objects.filter(
            organization__org_type=Organization.Type.BUREAU,
            organization__status=Organization.Status.VERIFIED,
            organization__memberships__user=user,
        ).distinct()
    )
