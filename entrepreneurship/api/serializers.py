"""Serializers of the entrepreneurship API. Writes go through the services; these only parse and present."""

from rest_framework import serializers

from entrepreneurship.models import (
    Competition,
    CompetitionEntry,
    CompetitionStage,
    Enterprise,
    IncubatorBase,
    LoanApplication,
    LoanProduct,
    MentorBooking,
    MentorProfile,
    MentorSlot,
    Residency,
    RubricCriterion,
    Score,
)
from entrepreneurship.models.loans import RepaymentMethod


class EnterpriseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "industry",
            "stage",
            "uscc",
            "region",
            "description",
            "team",
            "team_size",
            "jobs_created",
            "funding_needs",
            "organization",
            "created_at",
        ]
        read_only_fields = ["organization", "created_at"]
        extra_kwargs = {"uscc": {"validators": []}}


class IncubatorBaseSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    occupied_workstations = serializers.IntegerField(read_only=True)
    jobs_created = serializers.IntegerField(read_only=True)

    class Meta:
        model = IncubatorBase
        fields = [
            "id",
            "name",
            "operator",
            "operator_name",
            "region",
            "address",
            "services",
            "total_workstations",
            "rooms",
            "veteran_priority_policy",
            "is_active",
            "occupied_workstations",
            "jobs_created",
        ]


class ResidencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Residency
        fields = [
            "id",
            "base",
            "enterprise",
            "workstations_requested",
            "workstations_allocated",
            "message",
            "status",
            "rejection_reason",
            "start_date",
            "end_date",
            "renewals",
            "exited_on",
            "created_at",
        ]
        read_only_fields = [
            "workstations_allocated",
            "status",
            "rejection_reason",
            "start_date",
            "end_date",
            "renewals",
            "exited_on",
            "created_at",
        ]


class ResidencyAcceptSerializer(serializers.Serializer):
    workstations = serializers.IntegerField(min_value=1)
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class MentorSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentorProfile
        fields = ["id", "display_name", "title", "field", "expertise", "bio", "region"]


class MentorSlotSerializer(serializers.ModelSerializer):
    mentor_name = serializers.CharField(source="mentor.display_name", read_only=True)

    class Meta:
        model = MentorSlot
        fields = ["id", "mentor", "mentor_name", "start", "end", "location", "is_booked"]
        read_only_fields = ["mentor", "is_booked"]


class MentorBookingSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentorBooking
        fields = [
            "id",
            "slot",
            "enterprise",
            "topic",
            "question",
            "status",
            "cancel_reason",
            "mentor_notes",
            "follow_up",
            "rating",
            "rating_comment",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "cancel_reason",
            "mentor_notes",
            "follow_up",
            "rating",
            "rating_comment",
            "created_at",
        ]


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class NotesSerializer(serializers.Serializer):
    notes = serializers.CharField()
    follow_up = serializers.CharField(required=False, allow_blank=True, default="")


class RatingSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetitionStage
        fields = ["id", "kind", "order", "deadline", "scoring_deadline", "advanced_at"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricCriterion
        fields = ["id", "name", "weight", "max_score"]


class CompetitionSerializer(serializers.ModelSerializer):
    stages = StageSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Competition
        fields = [
            "id",
            "title",
            "description",
            "organizer",
            "region",
            "status",
            "results_published_at",
            "stages",
            "criteria",
        ]


class EntrySerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = CompetitionEntry
        fields = ["id", "competition", "enterprise", "enterprise_name", "pitch", "stage", "award", "created_at"]
        read_only_fields = ["competition", "stage", "award", "created_at"]


class ScoreSerializer(serializers.ModelSerializer):
    values = serializers.DictField(child=serializers.IntegerField())

    class Meta:
        model = Score
        fields = ["id", "entry", "stage", "values", "weighted_total", "comment", "updated_at"]
        read_only_fields = ["stage", "weighted_total", "updated_at"]


class LoanProductSerializer(serializers.ModelSerializer):
    bank_name = serializers.CharField(source="bank.name", read_only=True)

    class Meta:
        model = LoanProduct
        fields = [
            "id",
            "bank",
            "bank_name",
            "name",
            "description",
            "max_amount",
            "max_term_months",
            "annual_rate",
            "subsidy_rule",
            "subsidy_cap",
            "subsidy_percent",
            "subsidy_years",
            "is_active",
        ]


class LoanApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanApplication
        fields = [
            "id",
            "product",
            "enterprise",
            "amount",
            "term_months",
            "purpose",
            "status",
            "bank_note",
            "documents_note",
            "disbursed_amount",
            "disbursed_on",
            "subsidy_due",
            "approved_amount",
            "approved_rate",
            "approved_term_months",
            "repayment_start",
            "repayment_method",
            "created_at",
        ]
        read_only_fields = [
            "approved_amount",
            "approved_rate",
            "approved_term_months",
            "repayment_start",
            "repayment_method",
            "status",
            "bank_note",
            "documents_note",
            "disbursed_amount",
            "disbursed_on",
            "subsidy_due",
            "created_at",
        ]


class LoanReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject", "documents"])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    # Terms on approval (default: what was applied for, the product's rate, today, interest only).
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    annual_rate = serializers.DecimalField(max_digits=6, decimal_places=3, required=False)
    term_months = serializers.IntegerField(required=False, min_value=1)
    start_date = serializers.DateField(required=False)
    method = serializers.ChoiceField(choices=RepaymentMethod.choices, required=False)


class LoanDisburseSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    disbursed_on = serializers.DateField(required=False)
