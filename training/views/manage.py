"""Pages for training institutions: their own courses, classes, rosters, attendance and certificates.

Every object is fetched through `manageable_*` querysets, so another institution's object answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.permissions import is_bureau_staff
from portal.qr import portal_link, qr_svg
from training import services, workspace
from training.forms import (
    AssessmentForm,
    AttendanceMarkForm,
    CompletionForm,
    CourseForm,
    ReasonForm,
    SessionForm,
    TrainingClassForm,
)
from training.models import Certificate, Enrollment
from training.permissions import (
    manageable_classes,
    manageable_courses,
    manageable_enrollments,
    manageable_sessions,
    managed_institutions,
)
from training.services import checkin
from training.views.common import add_service_errors, error_text


def _require_manager(request):
    if not (is_bureau_staff(request.user) or managed_institutions(request.user).exists()):
        raise PermissionDenied


@login_required
def dashboard(request):
    _require_manager(request)
    courses = manageable_courses(request.user).select_related("institution").prefetch_related("classes")
    return render(
        request,
        "training/manage/dashboard.html",
        {
            "courses": courses,
            "institutions": managed_institutions(request.user),
            "sessions_today": workspace.sessions_today(request.user),
            "open_claims": workspace.institution_open_claims(request.user)[:50],
        },
    )


@login_required
def course_edit(request, pk=None):
    _require_manager(request)
    course = get_object_or_404(manageable_courses(request.user), pk=pk) if pk else None
    institutions = managed_institutions(request.user)
    if course is None and not institutions.exists():
        raise PermissionDenied
    form = CourseForm(request.POST or None, instance=course, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if course is None:
            obj.institution = form.cleaned_data.get("institution") or institutions.first()
        try:
            services.course_save(course=obj, occupations=form.cleaned_data["target_occupations"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Course saved."))
            return redirect("training:manage")
    return render(request, "training/manage/form.html", {"form": form, "title": _("Course")})


@login_required
def class_create(request, course_pk):
    course = get_object_or_404(manageable_courses(request.user), pk=course_pk)
    form = TrainingClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.course = course
        try:
            services.class_save(training_class=obj)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Class created."))
            return redirect("training:manage_class", pk=obj.pk)
    return render(request, "training/manage/form.html", {"form": form, "title": course.title})


@login_required
def class_edit(request, pk):
    """The institution edits its class: a capacity raise seats the waitlist first, trainees hear of changes."""
    training_class = get_object_or_404(manageable_classes(request.user).select_related("course"), pk=pk)
    form = TrainingClassForm(request.POST or None, instance=training_class)
    if request.method == "POST" and form.is_valid():
        try:
            services.class_update(training_class=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Class saved. Its trainees have been told of the changes."))
            return redirect("training:manage_class", pk=pk)
    title = _("Edit class: %(cls)s") % {"cls": training_class}
    return render(request, "training/manage/form.html", {"form": form, "title": title, "back": training_class})


@login_required
def class_roster(request, pk):
    training_class = get_object_or_404(manageable_classes(request.user).select_related("course"), pk=pk)
    session_form = SessionForm(request.POST or None)
    if request.method == "POST" and session_form.is_valid():
        obj = session_form.save(commit=False)
        obj.training_class = training_class
        try:
            services.session_save(session=obj, actor=request.user)
        except ValidationError as exc:
            session_form.add_error(None, exc)
        else:
            messages.success(request, _("Session added."))
            return redirect("training:manage_class", pk=pk)
    enrollments = training_class.enrollments.select_related("veteran__veteran_profile", "certificate", "subsidy_claim")
    return render(
        request,
        "training/manage/class.html",
        {
            "cls": training_class,
            "enrollments": enrollments.order_by("sequence"),
            "sessions": training_class.sessions.all(),
            "session_form": session_form,
            "assessment_form": AssessmentForm(initial={"skill_level": training_class.course.assessment_level}),
        },
    )


@login_required
@require_POST
def enrollment_action(request, pk, action):
    enrollment = get_object_or_404(manageable_enrollments(request.user), pk=pk)
    try:
        if action == "approve":
            services.enrollment_approve(enrollment=enrollment, actor=request.user)
        elif action == "reject":
            form = ReasonForm(request.POST)
            services.enrollment_reject(enrollment=enrollment, actor=request.user, reason=form.data.get("reason", ""))
        elif action == "complete":
            form = CompletionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("The exam score must be between 0 and 100."))
            services.enrollment_complete(
                enrollment=enrollment, actor=request.user, exam_score=form.cleaned_data["exam_score"]
            )
        elif action == "assess":
            _record_assessment(request, enrollment)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("training:manage_class", pk=enrollment.training_class_id)


def _record_assessment(request, enrollment):
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    services.skill_certificate_issue(enrollment=enrollment, actor=request.user, **form.cleaned_data)


def _qr_payload(request, session) -> dict:
    step = checkin.time_step()
    url = portal_link(reverse("training:check_in", args=[session.pk]) + "?t=" + checkin.checkin_token(session.pk, step))
    svg = qr_svg(url, scale=5, title=_("Check-in QR code"))
    return {"svg": svg, "code": checkin.short_code(session.pk, step), "seconds": checkin.STEP_SECONDS}


@login_required
def session_attendance(request, pk):
    session = get_object_or_404(manageable_sessions(request.user).select_related("training_class__course"), pk=pk)
    enrollments = session.training_class.enrollments.filter(
        status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED]
    ).select_related("veteran__veteran_profile")
    present = set(session.attendances.values_list("enrollment_id", flat=True))
    roster = [(e, e.pk in present) for e in enrollments]
    return render(
        request,
        "training/manage/session.html",
        {
            "session": session,
            "roster": roster,
            "qr": _qr_payload(request, session),
            "session_over": timezone.now() > session.check_in_closes(),
        },
    )


@login_required
def session_qr(request, pk):
    session = get_object_or_404(manageable_sessions(request.user), pk=pk)
    response = JsonResponse(_qr_payload(request, session))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def session_mark(request, pk):
    session = get_object_or_404(manageable_sessions(request.user), pk=pk)
    enrollment = get_object_or_404(manageable_enrollments(request.user), pk=request.POST.get("enrollment"))
    form = AttendanceMarkForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.attendance_mark(
            session=session,
            enrollment=enrollment,
            actor=request.user,
            present=request.POST.get("present") == "1",
            reason=reason,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Attendance updated."))
    return redirect("training:manage_session", pk=pk)


@login_required
@require_POST
def certificate_revoke(request, number):
    """The issuing institution (or bureau staff) revokes a certificate with a reason; others get 404."""
    certificate = get_object_or_404(
        Certificate.objects.filter(enrollment__in=manageable_enrollments(request.user)), number=number
    )
    form = ReasonForm(request.POST)
    try:
        services.certificate_revoke(certificate=certificate, actor=request.user, reason=form.data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The certificate has been revoked."))
    return redirect("training:manage_class", pk=certificate.enrollment.training_class_id)
