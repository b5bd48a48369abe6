"""Admin of the training app: filters, inlines and bulk actions that go through the services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_actions import ServiceOwnedFieldsAdmin, ServiceOwnedFieldsMixin, service_action
from portal.admin_search import PersonSearchMixin
from training import services
from training.models import (
    Attendance,
    Certificate,
    ClassSession,
    Course,
    Enrollment,
    Evaluation,
    TrainingClass,
)


class TrainingClassInline(ServiceOwnedFieldsMixin, admin.TabularInline):
    """Listed here, edited on their own page (through class_update, so a capacity raise promotes the waitlist
    and the trainees hear of changes)."""

    model = TrainingClass
    extra = 0
    fields = ["name", "region", "start_date", "end_date", "capacity", "enrolment_opens", "enrolment_closes"]
    readonly_fields = fields
    show_change_link = True
    created_by_service = True
    can_delete = False
    service_owned_fields = ("enrolment_sequence",)


@admin.register(Course)
class CourseAdmin(ServiceOwnedFieldsAdmin):
    service_owned_fields = ()  # no workflow: the catalogue is edited here and re-indexed on save
    list_display = ["title", "institution", "course_type", "module", "delivery", "hours", "subsidy_amount"]
    list_filter = ["course_type", "module", "delivery", "certificate_type", "subsidy_eligible", "is_published"]
    search_fields = ["title", "institution__name"]
    autocomplete_fields = ["institution"]
    filter_horizontal = ["target_occupations"]
    inlines = [TrainingClassInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.course_index(form.instance)


class SessionInlineForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A session must end after it starts."))
        return data


class SessionInline(admin.TabularInline):
    model = ClassSession
    form = SessionInlineForm
    extra = 0


ENROLLMENT_SERVICE_FIELDS = (
    "training_class",
    "veteran",
    "status",
    "sequence",
    "exam_score",
    "reason",
    "decided_at",
    "completed_at",
)


class EnrollmentInline(ServiceOwnedFieldsMixin, admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ["veteran", "status", "sequence", "exam_score", "created_at"]
    readonly_fields = ["created_at"]
    created_by_service = True
    service_owned_fields = ENROLLMENT_SERVICE_FIELDS
    can_delete = False
    show_change_link = True


class TrainingClassAdminForm(forms.ModelForm):
    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            held = self.instance.enrollments.holding_seat().count()
            if capacity < held:
                raise forms.ValidationError(
                    _("%(held)s seats are already taken; the capacity cannot be lower.") % {"held": held}
                )
        return capacity


@admin.register(TrainingClass)
class TrainingClassAdmin(ServiceOwnedFieldsAdmin):
    form = TrainingClassAdminForm
    list_display = ["__str__", "region", "start_date", "capacity", "cross_region"]
    list_filter = ["cross_region", "course__course_type", "course__institution"]
    search_fields = ["name", "course__title"]
    autocomplete_fields = ["course"]
    raw_id_fields = ["region"]
    service_owned_fields = ("enrolment_sequence",)
    inlines = [SessionInline, EnrollmentInline]

    def save_model(self, request, obj, form, change):
        # The same door as the institution's page: a raise promotes the waitlist, trainees hear of changes.
        if change:
            services.class_update(training_class=obj, actor=request.user)
        else:
            services.class_save(training_class=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ClassSession:
            return super().save_formset(request, form, formset, change)
        for session in formset.save(commit=False):
            services.session_save(session=session, actor=request.user)
        for session in formset.deleted_objects:
            session.delete()
        formset.save_m2m()
        return None


@admin.register(Enrollment)
class EnrollmentAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("veteran",)
    list_display = ["veteran", "training_class", "status", "sequence", "created_at"]
    list_filter = ["status", "training_class__course__institution", "training_class__course__course_type"]
    search_fields = ["veteran__username", "training_class__name", "training_class__course__title"]
    created_by_service = True  # enrollment_create (seat or waiting list under a lock)
    service_owned_fields = ENROLLMENT_SERVICE_FIELDS
    actions = [
        service_action(
            services.enrollment_approve,
            name="approve_selected",
            description=_("Approve selected enrolments"),
            done=_("%(count)s enrolments approved."),
            target="enrollment",
            actor="actor",
        ),
        service_action(
            services.enrollment_reject,
            name="reject_selected",
            description=_("Reject selected enrolments"),
            done=_("%(count)s enrolments rejected."),
            target="enrollment",
            actor="actor",
            reason="reason",
        ),
    ]


@admin.register(Attendance)
class AttendanceAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("enrollment__veteran",)
    search_fields = ["session__training_class__name"]
    list_display = ["enrollment", "session", "method", "checked_in_at"]
    list_filter = ["method"]
    created_by_service = True  # attendance_check_in (signed code) or attendance_mark (the institution)
    service_owned_fields = ("session", "enrollment", "method", "checked_in_at", "recorded_by", "override_reason")


@admin.register(Certificate)
class CertificateAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("enrollment__veteran",)
    list_display = ["number", "masked_holder_name", "certificate_type", "issued_at", "revoked_at"]
    list_filter = ["certificate_type", "skill_level", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["number", "national_number"]
    created_by_service = True  # certificate_issue (numbered, on completion)
    service_owned_fields = (
        "enrollment",
        "number",
        "verify_code",
        "holder_name",
        "certificate_type",
        "issued_at",
        "revoked_at",
        "revoke_reason",
        "occupation",
        "skill_level",
        "assessment_body",
        "national_number",
        "assessed_on",
    )
    actions = [
        service_action(
            services.certificate_revoke,
            name="revoke_selected",
            description=_("Revoke selected certificates"),
            done=_("%(count)s certificates revoked."),
            target="certificate",
            actor="actor",
            reason="reason",
        )
    ]


@admin.register(Evaluation)
class EvaluationAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["enrollment", "rating", "created_at"]
    list_filter = ["rating"]
    created_by_service = True  # evaluation_submit: the veteran's own words, read here, never rewritten
    service_owned_fields = ("enrollment", "rating", "comment")


# Subsidy claims (evidence, payments) and the evaluation committee have their own module, registered with it.
from training import admin_subsidies  # noqa: E402, F401
