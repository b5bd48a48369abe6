"""Serializers of the jobs API. Applicants appear with masked personal data only."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jobs.models import Application, ApplicationEvent, Booth, JobFair, Position
from jobs.services.fairs import FAIR_FIELDS
from portal.models import MilitarySpecialty, OccupationCategory, Region


class PositionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=OccupationCategory.objects.filter(parent__isnull=False)
    )
    military_specialties = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=MilitarySpecialty.objects.all(), required=False
    )
    status = serializers.CharField(read_only=True, help_text="draft, pending, published, closed, expired, rejected")
    skills = serializers.ListField(child=serializers.CharField(max_length=30), required=False, max_length=20)

    class Meta:
        model = Position
        fields = [
            "id",
            "title",
            "description",
            "organization",
            "organization_name",
            "category",
            "region",
            "work_address",
            "salary_min",
            "salary_max",
            "headcount",
            "education",
            "experience_years",
            "skills",
            "military_specialties",
            "veteran_priority",
            "targeted",
            "welcomes_family",
            "deadline",
            "status",
            "rejection_reason",
            "published_at",
        ]
        read_only_fields = ["organization", "status", "rejection_reason", "published_at"]

    def validate(self, attrs):
        lo = attrs.get("salary_min", getattr(self.instance, "salary_min", None))
        hi = attrs.get("salary_max", getattr(self.instance, "salary_max", None))
        if lo is not None and hi is not None and lo > hi:
            raise serializers.ValidationError({"salary_max": _("The maximum salary must not be below the minimum.")})
        return attrs


class PositionListSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.label", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)

    class Meta:
        model = Position
        fields = [
            "id",
            "title",
            "organization",
            "organization_name",
            "category",
            "region",
            "region_name",
            "salary_min",
            "salary_max",
            "headcount",
            "education",
            "veteran_priority",
            "targeted",
            "welcomes_family",
            "deadline",
            "skills",
            "published_at",
        ]


SHARE_CONSENT_HELP = (
    "true: the applicant agrees that the position's employer receives their name, mobile number, e-mail address and "
    "résumé to contact them about this position (recorded as a consent with the privacy policy version and time). "
    "Without it a live application-sharing consent must exist (GET /api/v1/me/consents/), otherwise 400 with an "
    "error on share_consent and nothing is sent."
)


class ApplyRequestSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    share_consent = serializers.BooleanField(required=False, default=False, help_text=SHARE_CONSENT_HELP)
    fair = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="the job fair applied at; refused (400) unless one of its approved booths brings the position",
    )
    scan = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="the `scan` parameter of a booth's QR link; the application is recorded as scanned only if it "
        "is genuine, current and that booth brings the position (otherwise it is simply ignored)",
    )


class ApplicationEventSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = ApplicationEvent
        fields = ["from_status", "to_status", "note", "created_at"]


class ApplicationSerializer(serializers.ModelSerializer):
    position_title = serializers.CharField(source="position.title", read_only=True)
    organization_name = serializers.CharField(source="position.organization.name", read_only=True)
    applicant = serializers.SerializerMethodField()
    events = ApplicationEventSerializer(many=True, read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="submitted, viewed, interview, intent, hired, rejected, withdrawn"
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "position",
            "position_title",
            "organization_name",
            "status",
            "source",
            "note",
            "applicant",
            "created_at",
            "status_changed_at",
            "events",
        ]
        read_only_fields = fields

    def get_applicant(self, obj) -> dict:
        """Masked name and ID number, education, skills — as snapshotted at application time."""
        return obj.profile_snapshot


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Application.Status.choices)

    class Meta:
        ref_name = "ApplicationStatusChange"

    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class JobFairSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    registration_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = JobFair
        fields = [
            "id",
            "title",
            "kind",
            "organizer",
            "description",
            "region",
            "venue",
            "stream_url",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "registration_open",
            "capacity",
            "booth_count",
            "is_published",
        ]


class JobFairWriteSerializer(serializers.ModelSerializer):
    """What staff send to create (POST) or change (PATCH) a fair. The rules between fields are the service's
    (jobs.services.fairs), answered as 400 with the same messages as the staff page."""

    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), help_text="region code, e.g. 350100"
    )
    # Plain fields: the service checks the link's scheme and the numbers' bounds with its own messages.
    stream_url = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="http(s) link; needed unless kind is onsite"
    )
    capacity = serializers.IntegerField(help_text="places for veterans, at least 1")
    booth_count = serializers.IntegerField(help_text="booths for employers, at least 0")

    class Meta:
        model = JobFair
        fields = FAIR_FIELDS


class BoothSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="pending, approved, rejected")
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    positions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Booth
        fields = ["id", "number", "organization", "organization_name", "status", "positions"]


class BoothApplySerializer(serializers.Serializer):
    positions = serializers.PrimaryKeyRelatedField(many=True, queryset=Position.objects.published())
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fair = serializers.IntegerField(source="fair_id")
    seat = serializers.IntegerField()
    check_in_token = serializers.CharField()
    checked_in_at = serializers.DateTimeField(allow_null=True)


class CheckInRequestSerializer(serializers.Serializer):
    token = serializers.CharField(
        max_length=500, help_text="the ticket's code or scanned link, or the 8-digit short code shown beside it"
    )
    override = serializers.BooleanField(
        required=False, default=False, help_text="bureau staff only: check in outside the fair's hours"
    )
    override_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="required with override; kept and audited"
    )


class CheckInResponseSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    name = serializers.CharField()
    checked_in_at = serializers.DateTimeField()
    already_checked_in = serializers.BooleanField()


class FairStatsSerializer(serializers.Serializer):
    employers = serializers.IntegerField()
    positions = serializers.IntegerField()
    headcount = serializers.IntegerField()
    registered = serializers.IntegerField()
    checked_in = serializers.IntegerField()
    applications = serializers.IntegerField()
    intents = serializers.IntegerField()
    hires = serializers.IntegerField()
