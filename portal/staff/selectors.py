"""Reads of the staff workbench with real logic: finding a veteran at the counter."""

from django.db.models import Q

from portal.models import VeteranProfile
from portal.validators import PHONE_RE


def veterans_find(q: str):
    """By the last 4 characters of the ID number, a full mobile number (or its last 4 digits), or the name.

    Only masked data is shown for the results; the full ID number is never needed to find someone."""
    q = q.strip()
    condition = Q(real_name__icontains=q)
    if len(q) == 4 and (q[:3].isdigit() and (q[3].isdigit() or q[3] in "xX")):
        condition |= Q(id_number_last4=q.upper()) | Q(phone__endswith=q)
    if PHONE_RE.match(q):
        condition |= Q(phone=q)
    return VeteranProfile.objects.filter(condition).select_related("region", "user").order_by("real_name", "pk")
