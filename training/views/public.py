"""Public and veteran pages of the training app: catalogue, enrolment, check-in, certificates, evaluations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.exceptions import AccessDenied
from portal.middleware import permissions_policy
from portal.models import Organization
from portal.permissions import is_bureau_staff
from portal.qr import portal_link
from portal.replica import reads_from_replica
from training import selectors, services
from training.forms import CatalogueFilterForm, CheckInForm, EvaluationForm
from training.models import Certificate, ClassSession, Course, Enrollment, TrainingClass
from training.permissions import can_manage_enrollment, is_evaluator, is_institution_member
from training.views.common import error_text
from training.views.pdf import certificate_pdf


@reads_from_replica
def index(request):
    form = CatalogueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    courses = selectors.course_catalogue(
        q=data.get("q", ""),
        course_type=data.get("course_type", ""),
        module=data.get("module", ""),
        delivery=data.get("delivery", ""),
        region=data.get("region"),
    )
    page = Paginator(courses, 12).get_page(request.GET.get("page"))
    return render(
        request,
        "training/index.html",
        {
            "form": form,
            "page": page,
            "is_institution": is_institution_member(request.user),
            "is_evaluator": is_evaluator(request.user),
        },
    )


def course_detail(request, pk):
    course = get_object_or_404(Course.objects.published().select_related("institution"), pk=pk)
    classes = course.classes.select_related("region").annotate(
        taken=Count("enrollments", filter=Q(enrollments__status__in=Enrollment.SEAT_STATUSES)),
        waiting=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.WAITLISTED)),
    )
    return render(
        request,
        "training/course_detail.html",
        {"course": course, "classes": classes, "stats": selectors.institution_stats(course.institution)},
    )


def class_detail(request, pk):
    training_class = get_object_or_404(
        TrainingClass.objects.filter(course__in=Course.objects.published()).select_related("course", "region"), pk=pk
    )
    mine = None
    if request.user.is_authenticated:
        mine = (
            training_class.enrollments.filter(veteran=request.user, status__in=Enrollment.ACTIVE_STATUSES)
            .order_by("-sequence")
            .first()
        )
    return render(
        request,
        "training/class_detail.html",
        {
            "cls": training_class,
            "mine": mine,
            "seats": services.class_seats(training_class),
            "waiting": training_class.enrollments.waitlisted().count(),
            "sessions": training_class.sessions.all(),
            "is_open": training_class.enrolment_is_open(),
        },
    )


@login_required
@require_POST
def class_enrol(request, pk):
    training_class = get_object_or_404(TrainingClass.objects.filter(course__in=Course.objects.published()), pk=pk)
    try:
        enrollment = services.enrollment_create(training_class=training_class, veteran=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if enrollment.status == Enrollment.Status.WAITLISTED:
            messages.warning(
                request,
                _("The class is full. You are number %(n)s on the waitlist; we will notify you if a seat opens.")
                % {"n": enrollment.waitlist_position()},
            )
        elif enrollment.status == Enrollment.Status.PENDING:
            messages.success(request, _("Enrolment received. The institution will confirm it."))
        else:
            messages.success(request, _("You are enrolled."))
    return redirect("training:class_detail", pk=pk)


def _my_enrollment(request, pk):
    return get_object_or_404(Enrollment.objects.select_related("training_class__course"), pk=pk, veteran=request.user)


@login_required
@require_POST
def enrollment_withdraw(request, pk):
    enrollment = _my_enrollment(request, pk)
    try:
        services.enrollment_withdraw(enrollment=enrollment, veteran=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("You have withdrawn from the class."))
    return redirect("training:my_training")


@login_required
@permissions_policy(camera=["self"])  # the page scans the trainer's check-in QR code
def my_training(request):
    enrollments = (
        Enrollment.objects.filter(veteran=request.user)
        .select_related("training_class__course__institution", "certificate", "subsidy_claim", "evaluation")
        .order_by("-created_at")
    )
    return render(
        request, "training/my_training.html", {"enrollments": enrollments, "evaluation_form": EvaluationForm()}
    )


@login_required
@require_POST
def enrollment_evaluate(request, pk):
    enrollment = _my_enrollment(request, pk)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect("training:my_training")
    try:
        services.evaluation_submit(enrollment=enrollment, veteran=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("training:my_training")


@login_required
@require_POST
def enrollment_claim(request, pk):
    """File the subsidy claim: the veteran for themself, or the institution on their behalf."""
    enrollment = get_object_or_404(Enrollment.objects.select_related("training_class__course"), pk=pk)
    if enrollment.veteran_id != request.user.pk and not can_manage_enrollment(request.user, enrollment):
        raise Http404
    try:
        services.subsidy_claim_file(enrollment=enrollment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Your subsidy claim was filed."))
    if enrollment.veteran_id == request.user.pk:
        return redirect("training:my_training")
    return redirect("training:manage_class", pk=enrollment.training_class_id)


@login_required
@permissions_policy(camera=["self"])  # the page may scan the trainer's QR code
def session_check_in(request, pk):
    """Opened by scanning the QR code (token in the URL) or to type the code. Records only on POST."""
    session = get_object_or_404(ClassSession.objects.select_related("training_class__course"), pk=pk)
    result = None
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                attendance = services.attendance_check_in(
                    session=session,
                    veteran=request.user,
                    token=form.cleaned_data["token"],
                    code=form.cleaned_data["code"],
                )
            except ValidationError as exc:
                result = {"ok": False, "message": error_text(exc)}
            except AccessDenied as exc:  # not enrolled: said on the page the veteran scanned, not a bare 403
                result = {"ok": False, "message": str(exc), "status": 403}
            else:
                result = {"ok": True, "attendance": attendance}
    else:
        form = CheckInForm(initial={"token": request.GET.get("t", "")})
    status = 200 if result is None or result["ok"] else result.get("status", 400)
    return render(
        request,
        "training/check_in.html",
        {"session": session, "form": form, "result": result, "has_token": bool(request.GET.get("t"))},
        status=status,
    )


@login_required
def certificate_download(request, number):
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrollment__training_class__course__institution"), number=number
    )
    enrollment = certificate.enrollment
    if enrollment.veteran_id != request.user.pk and not can_manage_enrollment(request.user, enrollment):
        raise Http404
    verify_url = portal_link(reverse("training:certificate_verify", args=[certificate.verify_code]))
    response = HttpResponse(certificate_pdf(certificate, verify_url=verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


def certificate_verify(request, code):
    """Public: is this certificate genuine and valid? Shows the holder's masked name only."""
    certificate = (
        Certificate.objects.select_related("enrollment__training_class__course__institution")
        .filter(verify_code=code)
        .first()
    )
    return render(
        request,
        "training/certificate_verify.html",
        {"certificate": certificate},
        status=200 if certificate else 404,
    )


def institution_detail(request, pk):
    institution = get_object_or_404(Organization.objects.verified(), pk=pk, org_type=Organization.Type.INSTITUTION)
    return render(
        request,
        "training/institution_detail.html",
        {
            "institution": institution,
            "stats": selectors.institution_stats(institution),
            "courses": Course.objects.published().filter(institution=institution),
            "is_staff": is_bureau_staff(request.user),
            "evaluations": selectors.published_evaluations(institution),
        },
    )
