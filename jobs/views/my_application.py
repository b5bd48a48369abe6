"""An applicant's own application page: the position, its steps and timeline (portal.progress), the interview, the
messages and withdrawing. Only the applicant reaches it; anyone else gets the 404 of a missing id."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from jobs.hiring_selectors import with_current_interview
from jobs.models import Application, ApplicationEvent


@login_required
def my_application(request, pk):
    applications = (
        Application.objects.filter(veteran=request.user)
        .select_related("position__organization", "position__region", "fair")
        .prefetch_related(Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at", "id")))
    )
    application = get_object_or_404(with_current_interview(applications), pk=pk)
    return render(request, "jobs/my_application.html", {"application": application})
