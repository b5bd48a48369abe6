"""Admin of the training app: filters, inlines and bulk actions that go through the services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from training import services
from training.models import (
    Attendance,
    Certificate,
    ClassSession,
    Course,
    Enrollment,
    Evaluation,
    SubsidyClaim,
    TrainingClass,
)


def _run(modeladmin, request, queryset, fn):
    done = 0
    for obj in queryset:
        try:
            fn(obj)
            done += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.WARNING)
    modeladmin.message_user(request, _("%(n)d item(s) updated.") % {"n": done}, messages.SUCCESS)


class TrainingClassInline(admin.TabularInline):
    model = TrainingClass
    extra = 0
    fields = ["name", "region", "start_date", "end_date", "capacity", "enrolment_opens", "enrolment_closes"]
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "institution", "course_type", "module", "delivery", "hours", "subsidy_amount"]
    list_filter = ["course_type", "module", "delivery", "certificate_type", "subsidy_eligible", "is_published"]
    search_fields = ["title", "institution__name"]
    autocomplete_fields = ["institution"]
    filter_horizontal = ["target_occupations"]
    inlines = [TrainingClassInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.course_index(form.instance)


class SessionInline(admin.TabularInline):
    model = ClassSession
    extra = 0


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ["veteran", "status", "sequence", "exam_score", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(TrainingClass)
class TrainingClassAdmin(admin.ModelAdmin):
    list_display = ["__str__", "region", "start_date", "capacity", "cross_region"]
    list_filter = ["cross_region", "course__course_type", "course__institution"]
    search_fields = ["name", "course__title"]
    autocomplete_fields = ["course"]
    raw_id_fields = ["region"]
    inlines = [SessionInline, EnrollmentInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["veteran", "training_class", "status", "sequence", "created_at"]
    list_filter = ["status", "training_class__course__institution", "training_class__course__course_type"]
    search_fields = ["veteran__username", "training_class__name", "training_class__course__title"]
    raw_id_fields = ["veteran", "training_class"]
    readonly_fields = ["status", "sequence"]
    actions = ["approve_selected"]

    @admin.action(description=_("Approve selected enrolments"))
    def approve_selected(self, request, queryset):
        _run(self, request, queryset, lambda e: services.enrollment_approve(enrollment=e, actor=request.user))


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "session", "method", "checked_in_at"]
    list_filter = ["method"]
    raw_id_fields = ["enrollment", "session", "recorded_by"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "masked_holder_name", "certificate_type", "issued_at", "revoked_at"]
    list_filter = ["certificate_type", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["number"]
    raw_id_fields = ["enrollment"]
    readonly_fields = ["number", "verify_code", "holder_name", "enrollment"]


@admin.register(SubsidyClaim)
class SubsidyClaimAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "amount", "status", "created_at", "decided_at", "paid_at"]
    list_filter = ["status", "enrollment__training_class__course__institution"]
    readonly_fields = ["enrollment", "amount", "status", "filed_by", "decided_by", "decided_at", "paid_at"]
    actions = ["approve_selected", "mark_paid_selected"]

    @admin.action(description=_("Approve selected claims"))
    def approve_selected(self, request, queryset):
        _run(self, request, queryset, lambda c: services.subsidy_claim_approve(claim=c, actor=request.user))

    @admin.action(description=_("Mark selected claims as paid"))
    def mark_paid_selected(self, request, queryset):
        _run(self, request, queryset, lambda c: services.subsidy_claim_mark_paid(claim=c, actor=request.user))


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "rating", "created_at"]
    list_filter = ["rating"]
    raw_id_fields = ["enrollment"]
