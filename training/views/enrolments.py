"""A trainee's enrolment page: the class, the enrolment's steps and timeline (portal.progress), and the way to the
messages with the institution. Only the trainee reaches it; anyone else gets the 404 of a missing id."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from training.models import Enrollment


@login_required
def enrollment_detail(request, pk):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("training_class__course__institution", "training_class__region"),
        pk=pk,
        veteran=request.user,
    )
    return render(
        request, "training/enrollment_detail.html", {"enrollment": enrollment, "cls": enrollment.training_class}
    )
