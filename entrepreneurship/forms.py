"""Forms of the entrepreneurship pages. Rules live in the services; forms parse input and show their errors."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entrepreneurship.models import Enterprise, LoanApplication, MentorBooking, MentorProfile, MentorSlot
from portal.forms import RegionPickerMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


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
        fields = ["display_name", "title", "expertise", "bio"]
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


class DisburseForm(forms.Form):
    amount = forms.DecimalField(label=_("Disbursed amount (yuan)"), max_digits=12, decimal_places=2, min_value=1)
    disbursed_on = forms.DateField(label=_("Disbursed on"), widget=DATE)


class DocumentsForm(forms.Form):
    note = forms.CharField(label=_("Documents supplied"), widget=forms.Textarea(attrs={"rows": 3}))
