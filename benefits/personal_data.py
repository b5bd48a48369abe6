"""The benefits part of a user's data download, and anonymization when the account is deleted."""

from benefits.models import Card, CardApplication, CardUse


def export(user) -> dict:
    return {
        "applications": [
            {"id": a.pk, "status": a.status, "station": a.station.code, "submitted": a.created_at.isoformat()}
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
        "uses": [
            {
                "time": u.used_at.isoformat(),
                "merchant": u.merchant.organization.name,
                "offer": getattr(u.offer, "title", ""),
            }
            for u in CardUse.objects.filter(card__holder=user).select_related("merchant__organization", "offer")
        ],
    }


def erase(user) -> None:
    """Cards stop working and lose name and photo; uses stay as anonymous counts for statistics."""
    for card in Card.objects.filter(holder=user):
        if card.photo:
            card.photo.delete(save=False)
        Card.objects.filter(pk=card.pk).update(holder_name="", photo="", status=Card.Status.REVOKED, status_reason="")
    for application in CardApplication.objects.filter(applicant=user):
        if application.photo:
            application.photo.delete(save=False)
