"""Serializers of the training API. Veterans appear by masked name only."""

from rest_framework import serializers

from training.models import (
    ClassSession,
    Course,
    Enrollment,
    InstitutionEvaluation,
    SkillLevel,
    SubsidyAttachment,
    SubsidyClaim,
    SubsidyPayment,
    TrainingClass,
)


class CourseSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "institution",
            "institution_name",
            "title",
            "course_type",
            "module",
            "description",
            "hours",
            "delivery",
            "certificate_type",
            "assessment_occupation",
            "assessment_level",
            "assessment_body",
            "subsidy_eligible",
            "subsidy_amount",
            "target_occupations",
            "auto_approve",
        ]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClassSession
        fields = ["id", "title", "starts_at", "ends_at", "location"]


class TrainingClassSerializer(serializers.ModelSerializer):
    sessions = SessionSerializer(many=True, read_only=True)
    seats_taken = serializers.SerializerMethodField()

    class Meta:
        model = TrainingClass
        fields = [
            "id",
            "course",
            "name",
            "region",
            "venue",
            "start_date",
            "end_date",
            "capacity",
            "seats_taken",
            "enrolment_opens",
            "enrolment_closes",
            "cross_region",
            "open_to_families",
            "sessions",
        ]
        read_only_fields = fields

    def get_seats_taken(self, obj) -> int:
        return obj.enrollments.holding_seat().count()


class EnrollmentSerializer(serializers.ModelSerializer):
    veteran_name = serializers.SerializerMethodField()
    waitlist_position = serializers.SerializerMethodField()
    certificate_number = serializers.CharField(source="certificate.number", read_only=True, default=None)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "training_class",
            "veteran_name",
            "status",
            "sequence",
            "waitlist_position",
            "exam_score",
            "reason",
            "created_at",
            "completed_at",
            "certificate_number",
        ]
        read_only_fields = fields

    def get_veteran_name(self, obj) -> str:
        profile = getattr(obj.veteran, "veteran_profile", None)
        return profile.masked_name if profile else ""

    def get_waitlist_position(self, obj) -> int | None:
        return obj.waitlist_position()


class CheckInSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True, max_length=6)
    token = serializers.CharField(required=False, allow_blank=True, max_length=300)


class AttendanceSerializer(serializers.Serializer):
    recorded = serializers.BooleanField()
    method = serializers.CharField()
    checked_in_at = serializers.DateTimeField()


class CertificateVerificationSerializer(serializers.Serializer):
    number = serializers.CharField()
    valid = serializers.BooleanField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField(allow_blank=True)
    certificate_type = serializers.CharField()
    occupation = serializers.CharField(allow_blank=True)
    skill_level = serializers.IntegerField(allow_null=True)
    skill_level_label = serializers.CharField(allow_blank=True)
    assessment_body = serializers.CharField(allow_blank=True)
    national_number = serializers.CharField(allow_blank=True)
    assessed_on = serializers.DateField(allow_null=True)
    holder = serializers.CharField()
    course = serializers.CharField()
    institution = serializers.CharField()
    issued_at = serializers.DateTimeField()


class SubsidyPaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubsidyPayment
        fields = ["amount", "paid_on", "voucher_number", "recorded_at"]
        read_only_fields = fields


class SubsidyAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubsidyAttachment
        fields = ["id", "kind", "uploaded_at"]
        read_only_fields = fields


class SubsidyClaimSerializer(serializers.ModelSerializer):
    payment = SubsidyPaymentSerializer(read_only=True)
    attachments = SubsidyAttachmentSerializer(many=True, read_only=True)
    payee_account = serializers.CharField(source="masked_payee_account", read_only=True)

    class Meta:
        model = SubsidyClaim
        fields = [
            "id",
            "enrollment",
            "amount",
            "approved_amount",
            "approval_note",
            "status",
            "payee",
            "payee_name",
            "payee_bank",
            "payee_account",
            "rejection_reason",
            "created_at",
            "decided_at",
            "paid_at",
            "attachments",
            "payment",
        ]
        read_only_fields = [f for f in fields if f != "enrollment"]


class ApproveClaimSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=9, decimal_places=2, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PaymentInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=9, decimal_places=2)
    paid_on = serializers.DateField()
    voucher_number = serializers.CharField(max_length=40)


class PayeeInputSerializer(serializers.Serializer):
    payee = serializers.ChoiceField(choices=SubsidyClaim.Payee.choices)
    name = serializers.CharField(max_length=100)
    bank = serializers.CharField(max_length=100)
    account = serializers.CharField(max_length=40)


class AttachmentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SubsidyAttachment.Kind.choices)
    file = serializers.FileField()


class AssessmentInputSerializer(serializers.Serializer):
    national_number = serializers.CharField(max_length=40)
    skill_level = serializers.ChoiceField(choices=SkillLevel.choices, required=False)
    assessed_on = serializers.DateField()


class ClassUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingClass
        fields = [
            "name",
            "venue",
            "start_date",
            "end_date",
            "capacity",
            "enrolment_opens",
            "enrolment_closes",
            "cross_region",
            "open_to_families",
        ]


class InstitutionEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = InstitutionEvaluation
        fields = [
            "id",
            "institution",
            "period",
            "teaching",
            "attendance",
            "completion",
            "employment",
            "ratings",
            "comment",
            "total",
            "measured",
        ]
        read_only_fields = ["id", "total", "measured"]
        validators = []  # the service decides (one evaluation per evaluator, institution and period, updated)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
