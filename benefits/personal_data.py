"""The benefits part of a user's data download, and anonymization when the account is deleted."""

from benefits.models import Card, CardApplication, CardRenewal, CardUse
from portal.times import local_iso
from portal.uploads import stored_file_discard


def export(user) -> dict:
    return {
        "applications": [
            {"id": a.pk, "status": a.status, "station": a.station.code, "submitted": local_iso(a.created_at)}
            for a in CardApplication.objects.filter(applicant=user).select_related("station")
        ],
        "cards": [
            {
                "number": c.number,
                "name": c.holder_name,
                "status": c.status,
                "valid_from": c.valid_from.isoformat(),
                "valid_until": c.valid_until.isoformat(),
            }
            for c in Card.objects.filter(holder=user)
        ],
        "renewals": [
            {
                "card": r.card.number,
                "status": r.status,
                "requested": local_iso(r.created_at),
                "valid_until_before": r.old_valid_until.isoformat() if r.old_valid_until else None,
                "valid_until_after": r.new_valid_until.isoformat() if r.new_valid_until else None,
            }
            for r in CardRenewal.objects.filter(card__holder=user).select_related("card")
        ],
        "uses": [
            {
                "time": local_iso(u.used_at),
                "merchant": u.merchant.organization.name,
                "offer": getattr(u.offer, "title", ""),
            }
            for u in CardUse.objects.filter(card__holder=user).select_related("merchant__organization", "offer")
        ],
    }


def erase(user) -> None:
    """Cards stop working and lose name and photo; uses stay as anonymous counts for statistics. The photo files
    are deleted once the erasure commits."""
    cards = Card.objects.filter(holder=user)
    applications = CardApplication.objects.filter(applicant=user)
    photos = set(cards.exclude(photo="").values_list("photo", flat=True))
    photos |= set(applications.exclude(photo="").values_list("photo", flat=True))
    cards.update(holder_name="", photo="", status=Card.Status.REVOKED, status_reason="")
    CardRenewal.objects.pending().filter(card__holder=user).update(status=CardRenewal.Status.REJECTED)
    applications.update(photo="")
    for name in photos:
        stored_file_discard(name)
