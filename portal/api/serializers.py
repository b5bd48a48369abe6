"""Serializers of the shell. Personal data leaves only masked."""

from rest_framework import serializers

from portal.models import (
    MilitarySpecialty,
    Notification,
    OccupationCategory,
    Organization,
    Region,
    User,
    VeteranProfile,
)


class RegionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_en", "label", "level", "parent"]


class OccupationCategorySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = OccupationCategory
        fields = ["id", "code", "name", "name_en", "label", "parent"]


class MilitarySpecialtySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = MilitarySpecialty
        fields = ["id", "code", "name", "name_en", "label"]


class OrganizationSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.full_name", default="", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "org_type", "region", "region_name", "industry", "description", "website", "status"]


class VeteranProfileSerializer(serializers.ModelSerializer):
    """The owner's profile as read (the ID number only masked). Writes use VeteranProfileInputSerializer."""

    masked_id_number = serializers.CharField(read_only=True)

    class Meta:
        model = VeteranProfile
        fields = [
            "real_name",
            "masked_id_number",
            "birth_date",
            "gender",
            "phone",
            "region",
            "service_branch",
            "enlistment_date",
            "discharge_date",
            "rank",
            "military_specialties",
            "education",
            "skills",
            "desired_categories",
            "desired_regions",
            "expected_salary",
            "employment_status",
            "open_to_employers",
            "status",
            "status_note",
        ]
        read_only_fields = ["birth_date", "gender", "status", "status_note"]


class VeteranProfileInputSerializer(serializers.Serializer):
    """What PUT/PATCH /api/v1/me/profile/ accepts. Parsing only: every rule is checked by veteran_profile_save, so
    the API answers with the same field errors as the profile page."""

    real_name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    id_number = serializers.CharField(required=False, allow_blank=True, write_only=True)
    id_number_consent = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text="True: you agree, with this request, to the processing of the ID number you send (recorded as "
        "a consent, see /api/v1/me/consents/). A new ID number is refused without it or a live consent.",
    )
    phone = serializers.CharField(required=False, allow_blank=True)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False, allow_null=True)
    service_branch = serializers.CharField(required=False, allow_blank=True)
    enlistment_date = serializers.DateField(required=False, allow_null=True)
    discharge_date = serializers.DateField(required=False, allow_null=True)
    rank = serializers.CharField(required=False, allow_blank=True)
    military_specialties = serializers.PrimaryKeyRelatedField(
        queryset=MilitarySpecialty.objects.all(), many=True, required=False
    )
    education = serializers.IntegerField(required=False)
    skills = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    desired_categories = serializers.PrimaryKeyRelatedField(
        queryset=OccupationCategory.objects.all(), many=True, required=False
    )
    desired_regions = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), many=True, required=False)
    expected_salary = serializers.IntegerField(required=False, allow_null=True)
    employment_status = serializers.CharField(required=False)
    open_to_employers = serializers.BooleanField(required=False)


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    veteran_profile = serializers.SerializerMethodField()
    unread_notifications = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "phone", "language", "roles", "veteran_profile", "unread_notifications"]
        read_only_fields = ["id", "username", "email", "roles"]

    def get_roles(self, user) -> list[str]:
        roles = sorted(user.role_names())
        if user.is_staff and "staff" not in roles:
            roles.append("staff")
        return roles

    def get_veteran_profile(self, user) -> dict | None:
        profile = getattr(user, "veteran_profile", None)
        return VeteranProfileSerializer(profile).data if profile else None

    def get_unread_notifications(self, user) -> int:
        return user.notifications.filter(read_at__isnull=True).count()


class MeInputSerializer(serializers.Serializer):
    """What PATCH /api/v1/me/ accepts (parsing only; user_account_update checks the values)."""

    phone = serializers.CharField(required=False, allow_blank=True)
    language = serializers.CharField(required=False)


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="shown_title", read_only=True, help_text="In the request's language.")
    body = serializers.CharField(source="shown_body", read_only=True, help_text="In the request's language.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class TokenRequestSerializer(serializers.Serializer):
    login = serializers.CharField(help_text="username or e-mail", max_length=254)
    password = serializers.CharField(style={"input_type": "password"}, max_length=4096, trim_whitespace=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="the current authenticator (TOTP) code: required for bureau staff and any account with a second "
        "factor",
    )
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="a name for the key, shown on the user's page"
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()
