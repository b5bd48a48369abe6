"""Serializers of the training API. Veterans appear by masked name only."""

from rest_framework import serializers

from training.models import ClassSession, Course, Enrollment, SubsidyClaim, TrainingClass


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
    holder = serializers.CharField()
    course = serializers.CharField()
    institution = serializers.CharField()
    issued_at = serializers.DateTimeField()


class SubsidyClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubsidyClaim
        fields = ["id", "enrollment", "amount", "status", "rejection_reason", "created_at", "decided_at", "paid_at"]
        read_only_fields = ["amount", "status", "rejection_reason", "created_at", "decided_at", "paid_at"]


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
