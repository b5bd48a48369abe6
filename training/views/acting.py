"""Acting for a veteran at the bureau's counter (代办, portal/staff/acting.py contract): enrol them in a class."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.staff.acting import acting_required
from portal.staff.services import acting_record
from training import services
from training.models import Course, Enrollment, TrainingClass
from training.views.common import error_text

ACT_ENROL = "training.enrol"


def open_classes_for(veteran_user, q: str = ""):
    """Classes of published courses whose enrolment window is open now and which take a veteran of this province
    (or are open across regions); the veteran's own active enrolments are left out."""
    now = timezone.now()
    qs = TrainingClass.objects.filter(
        course__in=Course.objects.published(), enrolment_opens__lte=now, enrolment_closes__gte=now
    ).select_related("course__institution", "region")
    profile = veteran_user.veteran_profile
    if profile.region_id:
        qs = qs.filter(Q(cross_region=True) | Q(region__code__startswith=profile.region.code[:2]))
    mine = Enrollment.objects.filter(
        training_class=OuterRef("pk"), veteran=veteran_user, status__in=Enrollment.ACTIVE_STATUSES
    )
    qs = qs.exclude(Exists(mine))
    if q:
        qs = qs.filter(
            Q(course__title__icontains=q)
            | Q(name__icontains=q)
            | Q(course__institution__name__icontains=q)
            | Q(region__name__icontains=q)
        )
    return qs.order_by("start_date", "pk")


def _tell_enrolment(request, enrollment: Enrollment) -> None:
    if enrollment.status == Enrollment.Status.WAITLISTED:
        text = _("The class is full: the veteran is number %(n)s on the waitlist.")
        messages.warning(request, text % {"n": enrollment.waitlist_position()})
    elif enrollment.status == Enrollment.Status.PENDING:
        messages.success(request, _("Enrolment received; the institution will confirm it."))
    else:
        messages.success(request, _("The veteran is enrolled in %(cls)s.") % {"cls": enrollment.training_class})


@acting_required
@require_http_methods(["GET", "POST"])
def act_enrol(request):
    veteran_user = request.acting_for
    q = (request.GET.get("q") or "").strip()[:50]
    status = 200
    if request.method == "POST":
        pk = request.POST.get("training_class", "")
        training_class = open_classes_for(veteran_user).filter(pk=pk).first() if pk.isdigit() else None
        if training_class is None:
            messages.error(request, _("Choose one of the classes open for enrolment."))
            status = 400
        else:
            try:
                enrollment = services.enrollment_create(training_class=training_class, veteran=veteran_user)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
                status = 400
            else:
                detail = {"class": training_class.pk, "status": enrollment.status}
                acting_record(
                    request=request, veteran_user=veteran_user, action=ACT_ENROL, target=enrollment, detail=detail
                )
                _tell_enrolment(request, enrollment)
                return redirect("portal:staff_act_home")
    return render(
        request,
        "training/staff/act_enrol.html",
        {"veteran": veteran_user, "classes": open_classes_for(veteran_user, q)[:30], "q": q},
        status=status,
    )
