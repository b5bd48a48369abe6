"""Forms of the jobs pages."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.models import Application, FollowUp, JobFair, Position, SavedSearch
from jobs.selectors import SORTS
from jobs.services.fairs import FAIR_FIELDS
from portal.choices import Education
from portal.forms import RegionPickerMixin
from portal.models import Consent, MilitarySpecialty, OccupationCategory, Region
from portal.services.consents import consent_live
from portal.staff.forms import RegionFilterForm
from portal.widgets import DateInput, DateTimeLocalInput


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.label} · {obj.label}" if obj.parent_id else obj.label


class RegionNameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label if obj.level == Region.Level.PROVINCE else f"· {obj.label}"


class PositionSearchForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=100)
    city = RegionNameChoiceField(
        Region.objects.named().filter(level__lte=Region.Level.CITY),
        required=False,
        label=_("Region"),
        widget=forms.Select(attrs={"data-region-city": "1"}),
    )
    # Beside the city: its districts (filled in by portal.js when the city changes, by the server on a reload).
    district = forms.ModelChoiceField(
        Region.objects.named().filter(level=Region.Level.DISTRICT),
        required=False,
        label=_("District / county"),
        widget=forms.Select(attrs={"data-region-district": "1", "data-region-level": str(Region.Level.DISTRICT)}),
    )
    category = forms.ModelChoiceField(
        OccupationCategory.objects.filter(parent__isnull=True), required=False, label=_("Occupation")
    )
    salary_min = forms.IntegerField(label=_("Salary at least (CNY/month)"), required=False, min_value=0)
    education = forms.TypedChoiceField(
        label=_("My education"), choices=[("", "—")] + Education.choices, coerce=int, required=False, empty_value=None
    )
    veteran_priority = forms.BooleanField(label=_("Veterans preferred only"), required=False)
    targeted = forms.BooleanField(label=_("Targeted recruitment only"), required=False)
    welcomes_family = forms.BooleanField(label=_("Open to military family members"), required=False)
    fair = forms.ModelChoiceField(JobFair.objects.published(), required=False, label=_("Job fair"))
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=list(zip(SORTS, [_("Relevance"), _("Newest"), _("Salary")], strict=True)),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        city_id = str(self.data.get("city") or "") if self.is_bound else ""
        city = Region.objects.filter(pk=city_id, level=Region.Level.CITY).first() if city_id.isdigit() else None
        districts = Region.objects.filter(parent=city, level=Region.Level.DISTRICT) if city else ()
        self.fields["district"].widget.choices = [("", "—")] + [(d.pk, d.name) for d in districts]

    def clean(self):
        cleaned = super().clean()
        city, district = cleaned.get("city"), cleaned.get("district")
        if city and district and not district.code.startswith(city.code_prefix):
            self.add_error("district", _("This district is not in the chosen region."))
        return cleaned

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": data.get("q") or "",
            "region": data.get("district") or data.get("city"),
            "category": data.get("category"),
            "salary_min": data.get("salary_min"),
            "education": data.get("education"),
            "veteran_priority": bool(data.get("veteran_priority")),
            "targeted": bool(data.get("targeted")),
            "welcomes_family": bool(data.get("welcomes_family")),
            "fair": data.get("fair"),
            "sort": data.get("sort") or "relevance",
        }


class PositionForm(RegionPickerMixin, forms.ModelForm):
    skills_text = forms.CharField(
        label=_("Skills"), required=False, help_text=_("Separate skills with commas, e.g. 驾驶, 电工, 无人机")
    )
    category = CategoryChoiceField(
        OccupationCategory.objects.filter(parent__isnull=False).select_related("parent"), label=_("Occupation category")
    )
    military_specialties = forms.ModelMultipleChoiceField(
        MilitarySpecialty.objects.all(),
        required=False,
        label=_("Military specialties welcome"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Position
        fields = [
            "title",
            "description",
            "category",
            "work_address",
            "salary_min",
            "salary_max",
            "headcount",
            "education",
            "experience_years",
            "military_specialties",
            "veteran_priority",
            "targeted",
            "welcomes_family",
            "deadline",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "deadline": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_fields(self.instance.region if self.instance.region_id else None, label=_("Work city"))
        if self.instance.pk:
            self.fields["skills_text"].initial = ", ".join(self.instance.skills or [])
            self.fields["military_specialties"].initial = list(self.instance.military_specialties.all())

    def clean(self):
        cleaned = super().clean()
        lo, hi = cleaned.get("salary_min"), cleaned.get("salary_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("salary_max", _("The maximum salary must not be below the minimum."))
        cleaned["region"] = self.resolve_region(cleaned)
        return cleaned

    def position_data(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields if f != "military_specialties"}
        data["region"] = self.cleaned_data["region"]
        data["skills"] = self.cleaned_data.get("skills_text") or ""
        return data

    def _post_clean(self):
        # The service assigns and validates; the model instance is not touched here.
        pass


# Sharing consent given in person (at the bureau's counter, at a fair's booth), ticked by whoever records it.
IN_PERSON_SHARING_CONSENT = _(
    "The applicant agreed here, in person, that this employer receives their name, mobile number, e-mail address "
    "and résumé to contact them about this position."
)


NOT_AT_THAT_FAIR = _("This position is not offered at that job fair.")


class ApplyForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the employer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Separate consent to the employer receiving the applicant's name and contact (portal.services.consents); not
    # asked again while a consent is live. A fair's one-tap buttons send it with the button that says so.
    share_consent = forms.BooleanField(
        label=_("I agree that this employer receives my name, mobile number, e-mail address and résumé to contact me."),
        required=False,
    )
    # Where the veteran came from: a fair's page or a booth's signed "scan to apply" link. Only claims; the
    # application service decides what they prove (jobs.services.applications.application_origin).
    fair = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    scan = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sharing_consent = consent_live(user=user, purpose=Consent.Purpose.APPLICATION_SHARING) if user else None
        if self.sharing_consent is not None:
            del self.fields["share_consent"]  # given before: the page says when instead of asking again

    def clean_fair(self) -> JobFair | None:
        fair_id = self.cleaned_data["fair"]
        fair = JobFair.objects.published().filter(pk=fair_id).first() if fair_id else None
        if fair_id and fair is None:
            raise forms.ValidationError(NOT_AT_THAT_FAIR)
        return fair

    def refusal(self) -> str:
        """The one message a refused form shows: only the note is typed; the hidden fields are wrong only when the
        request was made up."""
        return _("Your note is too long.") if "note" in self.errors else NOT_AT_THAT_FAIR


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class TransitionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s, label) for s, label in Application.Status.choices if s not in ("submitted", "withdrawn")],
    )
    note = forms.CharField(label=pgettext_lazy("remark", "Note"), required=False, max_length=300)


class FollowUpForm(forms.Form):
    still_employed = forms.TypedChoiceField(
        label=_("Still employed?"),
        choices=[("1", _("Yes, still employed")), ("0", _("No, has left"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason for leaving / remarks"), required=False, max_length=300)


class BoothApplyForm(forms.Form):
    positions = forms.ModelMultipleChoiceField(
        Position.objects.none(), label=_("Positions you bring"), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=pgettext_lazy("remark", "Note"), required=False, max_length=300)
    # Needed when the intent creates the application and the veteran has no live sharing consent.
    share_consent = forms.BooleanField(label=IN_PERSON_SHARING_CONSENT, required=False)

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["positions"].queryset = positions if positions is not None else Position.objects.none()


class CheckInForm(forms.Form):
    token = forms.CharField(
        label=_("Check-in code"),
        max_length=500,
        help_text=_("Scan the ticket's QR code, or type the 8-digit number shown under it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )
    # Bureau staff only (the service refuses anyone else): check in outside the fair's hours, with a reason.
    override = forms.BooleanField(label=_("Check in outside the fair's hours"), required=False)
    override_reason = forms.CharField(label=_("Reason for the exception"), required=False, max_length=300)


class IntentForm(forms.Form):
    token = forms.CharField(
        label=_("Veteran's check-in code"),
        max_length=500,
        help_text=_("Scan the ticket's QR code, or type the 8-digit number shown under it."),
    )
    position = forms.ModelChoiceField(Position.objects.none(), label=_("Position"))
    note = forms.CharField(label=pgettext_lazy("remark", "Note"), required=False, max_length=300)
    # Needed when the intent creates the application and the veteran has no live sharing consent.
    share_consent = forms.BooleanField(label=IN_PERSON_SHARING_CONSENT, required=False)

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions if positions is not None else Position.objects.none()


class FairForm(RegionPickerMixin, forms.ModelForm):
    """A fair as staff create or edit it. The rules between fields (dates, venue or link, capacity) are the service's,
    so the page and the API give the same messages; this form only parses the fields."""

    # Plain fields: the service checks the link's scheme and the numbers' bounds with its own messages.
    stream_url = forms.CharField(
        label=capfirst(JobFair._meta.get_field("stream_url").verbose_name),
        required=False,
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Needed for online and live-stream fairs."),
    )
    capacity = forms.IntegerField(
        label=capfirst(JobFair._meta.get_field("capacity").verbose_name), widget=forms.NumberInput(attrs={"min": 1})
    )
    booth_count = forms.IntegerField(
        label=capfirst(JobFair._meta.get_field("booth_count").verbose_name), widget=forms.NumberInput(attrs={"min": 0})
    )

    class Meta:
        model = JobFair
        fields = [name for name in FAIR_FIELDS if name != "region"]  # the region comes from RegionPickerMixin
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            **{
                f: DateTimeLocalInput()
                for f in ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]
            },
        }
        help_texts = {"venue": _("Needed for on-site fairs."), "is_published": _("Shown on the public fair list.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_fields(self.instance.region if self.instance.region_id else None, label=_("City"))
        # The region picker comes right after the organizer, not at the end of the form.
        order = list(self.fields)
        for name in ("city", "district"):
            order.remove(name)
        at = order.index("organizer") + 1
        self.order_fields(order[:at] + ["city", "district"] + order[at:])

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        return cleaned

    def fair_data(self) -> dict:
        return {**{f: self.cleaned_data[f] for f in self.Meta.fields}, "region": self.cleaned_data["region"]}

    def _post_clean(self):
        # The service assigns and validates; the model instance is not touched here.
        pass


class SaveSearchForm(forms.Form):
    """The search page's "save this search" button: how often to be told, and an optional name."""

    frequency = forms.ChoiceField(
        label=_("Tell me about new positions"),
        choices=[c for c in SavedSearch.Frequency.choices if c[0] != SavedSearch.Frequency.OFF],
        initial=SavedSearch.Frequency.DAILY,
    )
    name = forms.CharField(label=_("Name (optional)"), required=False, max_length=80)


class SavedSearchFrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Alerts"), choices=SavedSearch.Frequency.choices)


FOLLOW_UP_STATES = {
    "due": _("Due now"),
    "overdue": _("Overdue"),
    "upcoming": _("Upcoming"),
    "done": _("Recorded"),
}


class FollowUpQueueForm(RegionFilterForm):
    """Filters of the staff follow-up queue (the state is the tab)."""

    state = forms.ChoiceField(choices=list(FOLLOW_UP_STATES.items()), required=False, widget=forms.HiddenInput)
    months = forms.TypedChoiceField(
        label=_("Milestone"),
        choices=[("", "—"), *FollowUp.Milestone.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    employer = forms.CharField(label=_("Employer"), required=False, max_length=60)
    mine = forms.BooleanField(label=_("Only the regions of my bureau"), required=False)
