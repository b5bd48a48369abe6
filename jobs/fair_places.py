"""Places and booths left at a fair (portal.capacity.Places). jobs.services.fair_registrations and
jobs.services.booths refuse a registration or a booth approval through these same functions, so the fair pages show
exactly what the services will enforce."""

from django.db.models import Count

from jobs.models import Booth, FairRegistration, JobFair
from portal.capacity import Places


def fair_places(fair: JobFair, *, taken: int | None = None) -> Places:
    """Veteran places: every registration holds one (a place numbered above a lowered capacity still counts)."""
    if taken is None:
        taken = getattr(fair, "places_taken", None)
    if taken is None:
        taken = FairRegistration.objects.filter(fair=fair).count()
    return Places(fair.capacity, taken)


def booth_places(fair: JobFair, *, taken: int | None = None) -> Places:
    """Booths: every numbered (approved) booth holds one."""
    if taken is None:
        taken = Booth.objects.filter(fair=fair, number__isnull=False).count()
    return Places(fair.booth_count, taken)


def with_places_taken(fairs):
    """Annotate `places_taken` (read by fair_places) so a list of fairs counts its places in one query."""
    return fairs.annotate(places_taken=Count("registrations", distinct=True))


def fairs_with_places(fairs) -> list:
    """The fairs, each with `.places` (Places) set, for list pages."""
    rows = list(with_places_taken(fairs))
    for fair in rows:
        fair.places = fair_places(fair)
    return rows
