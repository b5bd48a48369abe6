"""Forms of the entrepreneurship pages. Rules live in the services; forms parse input and show their errors."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entrepreneurship.models import (
    CompetitionStage,
    Enterprise,
    LoanApplication,
    LoanDocument,
    LoanProduct,
    MentorBooking,
    MentorProfile,
    MentorSlot,
)
from entrepreneurship.models.loans import RepaymentMethod
from portal.forms import RegionPickerMixin
from portal.models import Organization
from portal.permissions import member_organizations
from portal.widgets import DateInput, DateTimeLocalInput

DATE = DateInput()
DATETIME = DateTimeLocalInput()


class EnterpriseForm(RegionPickerMixin, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "industry",
            "stage",
            "uscc",
            "description",
            "team",
            "team_size",
            "jobs_created",
            "funding_needs",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "team": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_fields(self.instance.region if self.instance.pk else None, required=False)
        self.fields["uscc"].validators = []  # checked (and normalized) by the service, only when registered

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        return cleaned

    def enterprise_data(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in self.Meta.fields}
        data["region"] = self.cleaned_data.get("region")
        return data


class ResidencyApplyForm(forms.Form):
    enterprise = forms.ModelChoiceField(Enterprise.objects.none(), label=_("Project"))
    workstations_requested = forms.IntegerField(label=_("Workstations needed"), min_value=1, max_value=500)
    message = forms.CharField(
        label=_("Message to the operator"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.of_founder(user)


class ResidencyAcceptForm(forms.Form):
    workstations = forms.IntegerField(label=_("Workstations to allocate"), min_value=1)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class RenewForm(forms.Form):
    end_date = forms.DateField(label=_("New end date"), widget=DATE)


class MentorApplyForm(forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = ["display_name", "title", "field", "expertise", "bio"]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 3}), "bio": forms.Textarea(attrs={"rows": 4})}


class SlotForm(forms.Form):
    start = forms.DateTimeField(label=_("Start"), widget=DATETIME)
    end = forms.DateTimeField(label=_("End"), widget=DATETIME)
    location = forms.CharField(label=_("Place or meeting link"), max_length=200, required=False)


class BookingForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=MentorBooking.Topic.choices)
    enterprise = forms.ModelChoiceField(Enterprise.objects.none(), label=_("Project"), required=False)
    question = forms.CharField(
        label=_("What you would like to discuss"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.of_founder(user)


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.location}" if obj.location else str(obj)


class ActingBookingForm(BookingForm):
    """Staff booking a session for the veteran they act for: any open slot of an approved mentor."""

    slot = SlotChoiceField(MentorSlot.objects.none(), label=_("Mentor and time"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["slot"].queryset = (
            MentorSlot.objects.bookable().exclude(mentor__user=user).select_related("mentor").order_by("start")
        )
        self.order_fields(["slot", "topic", "enterprise", "question"])


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300, required=False)


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("Follow-up actions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[(i, "★" * i) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)


class EntryForm(forms.Form):
    enterprise = forms.ModelChoiceField(Enterprise.objects.none(), label=_("Project"))
    pitch = forms.CharField(
        label=_("Pitch"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the project does, its market and its team."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.of_founder(user)


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=pgettext_lazy("judging", "Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_values = initial_values or {}
        self.criteria = criteria
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)s, weight %(weight)s)")
                % {"name": c.name, "max": c.max_score, "weight": c.weight},
                min_value=0,
                max_value=c.max_score,
                initial=initial_values.get(str(c.pk)),
            )
        self.order_fields([f"c{c.pk}" for c in criteria] + ["comment"])

    def values(self) -> dict:
        return {str(c.pk): self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class AdvanceForm(forms.Form):
    top_n = forms.IntegerField(label=_("Number of entries to advance"), min_value=1)


class AwardForm(forms.Form):
    award = forms.CharField(label=_("Award"), max_length=100, required=False)


class LoanApplyForm(forms.ModelForm):
    class Meta:
        model = LoanApplication
        fields = ["enterprise", "amount", "term_months", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.of_founder(user)


class LoanReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("documents", _("Request documents")), ("reject", _("Reject"))],
    )
    note = forms.CharField(label=_("Note to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(
        label=_("Approved amount (yuan)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    annual_rate = forms.DecimalField(
        label=_("Annual rate (%)"), max_digits=6, decimal_places=3, min_value=0, max_value=36, required=False
    )
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=360, required=False)
    start_date = forms.DateField(label=_("Loan start date"), widget=DATE, required=False)
    method = forms.ChoiceField(label=_("Repayment method"), choices=RepaymentMethod.choices, required=False)

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        if application is not None:
            self.fields["amount"].initial = application.amount
            self.fields["annual_rate"].initial = application.product.annual_rate
            self.fields["term_months"].initial = application.term_months
            self.fields["method"].initial = RepaymentMethod.INTEREST_ONLY


class LoanDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=LoanDocument.Kind.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word (DOCX) or a photo (JPEG, PNG, WebP); stored encrypted.")
    )


class DisburseForm(forms.Form):
    amount = forms.DecimalField(label=_("Disbursed amount (yuan)"), max_digits=12, decimal_places=2, min_value=1)
    disbursed_on = forms.DateField(label=_("Disbursed on"), widget=DATE)


class DocumentsForm(forms.Form):
    note = forms.CharField(label=_("Note to the bank"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class LoanProductForm(forms.ModelForm):
    class Meta:
        model = LoanProduct
        fields = [
            "bank",
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
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = member_organizations(user, Organization.Type.BANK)
        if self.instance.pk:
            del self.fields["bank"]  # a product stays with its bank

    def product_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "bank"}


class CompetitionCreateForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("competition", "Title"), max_length=150)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    organizer = forms.CharField(label=_("Organizer"), max_length=120, required=False)
    open_now = forms.BooleanField(label=_("Open for entries now"), required=False)
    preliminary = forms.DateTimeField(label=_("Preliminary round: entries close"), widget=DATETIME)
    preliminary_scoring = forms.DateTimeField(
        label=_("Preliminary round: scoring closes"), widget=DATETIME, required=False
    )
    semifinal = forms.DateTimeField(label=_("Semi-final: entries close"), widget=DATETIME, required=False)
    semifinal_scoring = forms.DateTimeField(label=_("Semi-final: scoring closes"), widget=DATETIME, required=False)
    final = forms.DateTimeField(label=_("Final: entries close"), widget=DATETIME)
    final_scoring = forms.DateTimeField(label=_("Final: scoring closes"), widget=DATETIME, required=False)
    criteria = forms.CharField(
        label=_("Scoring rubric"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One criterion a line: name, weight, maximum score — e.g. “创新性, 40, 100”."),
    )

    def clean_criteria(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            try:
                name, weight, max_score = parts[0], Decimal(parts[1]), int(parts[2]) if len(parts) > 2 else 100
            except (IndexError, ValueError, ArithmeticError):
                raise forms.ValidationError(
                    _("Line %(n)s: write the name, the weight and the maximum score, separated by commas.")
                    % {"n": number}
                )
            rows.append({"name": name, "weight": weight, "max_score": max_score})
        if not rows:
            raise forms.ValidationError(_("Give at least one criterion."))
        return rows

    def deadlines(self) -> dict:
        kinds = CompetitionStage.Kind
        found = {kinds.PRELIMINARY: "preliminary", kinds.SEMIFINAL: "semifinal", kinds.FINAL: "final"}
        return {kind: self.cleaned_data[key] for kind, key in found.items() if self.cleaned_data.get(key)}

    def scoring_deadlines(self) -> dict:
        kinds = CompetitionStage.Kind
        return {kind: self.cleaned_data.get(f"{kind}_scoring") for kind in kinds.values}


class StageScheduleForm(forms.Form):
    deadline = forms.DateTimeField(label=_("Entries close"), widget=DATETIME)
    scoring_deadline = forms.DateTimeField(label=_("Scoring closes"), widget=DATETIME)


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the conflict of interest"), max_length=200)


class JudgeAssignForm(forms.Form):
    username = forms.CharField(label=_("Judge's user name"), max_length=150)
