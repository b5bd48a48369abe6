"""Staff page: per class, its graduates' employment at 1, 3 and 6 months (training.outcomes), pending shown as
pending."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render

from portal.decorators import staff_required
from training.models import Enrollment, TrainingClass
from training.outcomes import MILESTONES, class_outcomes


@staff_required
def class_outcomes_list(request):
    classes = (
        TrainingClass.objects.annotate(
            graduates=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.COMPLETED))
        )
        .filter(graduates__gt=0)
        .select_related("course__institution", "region")
        .order_by("-end_date", "-pk")
    )
    page = Paginator(classes, 25).get_page(request.GET.get("page"))
    outcomes = class_outcomes([c.pk for c in page.object_list])
    rows = [(c, outcomes[c.pk]) for c in page.object_list]
    context = {"page": page, "rows": rows, "milestones": MILESTONES}
    return render(request, "training/staff/class_outcomes.html", context)
