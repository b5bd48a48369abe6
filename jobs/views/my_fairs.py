"""A veteran's own job fairs: every registration with its ticket, check-in state, the booths visited and the
positions they left an intent for (扫码投递). The fair reminder links here."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from jobs.models import FairRegistration, IntentRecord


@login_required
def my_fairs(request):
    intents = IntentRecord.objects.select_related("booth__organization", "position", "application").order_by("pk")
    registrations = (
        FairRegistration.objects.filter(user=request.user)
        .select_related("fair__region")
        .prefetch_related(Prefetch("intents", queryset=intents))
        .order_by("-fair__starts_at", "-pk")
    )
    now = timezone.now()
    upcoming = [r for r in registrations if r.fair.ends_at >= now]
    past = [r for r in registrations if r.fair.ends_at < now]
    return render(request, "jobs/fairs/mine.html", {"upcoming": upcoming, "past": past})
