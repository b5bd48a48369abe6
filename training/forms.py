"""Forms of the training pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Region
from portal.widgets import DateInput, DateTimeLocalInput
from training.models import ClassSession, Course, SkillLevel, SubsidyAttachment, SubsidyClaim, TrainingClass
from training.models.committee import RUBRIC


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    course_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types"))] + Course.Type.choices
    )
    module = forms.ChoiceField(
        label=_("Module"), required=False, choices=[("", _("All modules"))] + Course.Module.choices
    )
    delivery = forms.ChoiceField(
        label=_("Delivery"), required=False, choices=[("", _("Any delivery"))] + Course.Delivery.choices
    )
    region = forms.ModelChoiceField(
        label=_("Province or city"),
        required=False,
        queryset=Region.objects.named().filter(level__in=[1, 2]).order_by("code"),
        empty_label=_("Anywhere"),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit check-in code"),
        max_length=6,
        min_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("token"):
            raise forms.ValidationError(_("Type the 6-digit code shown by the trainer, or scan the QR code."))
        return data


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CompletionForm(forms.Form):
    exam_score = forms.IntegerField(label=_("Exam score (optional)"), required=False, min_value=0, max_value=100)


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
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
            "attendance_threshold",
            "is_published",
        ]
        widgets = {"target_occupations": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, institutions=None, **kwargs):
        """`institutions`: the verified institutions the user belongs to. A new course of a member of several
        institutions gets a picker (only those institutions are valid choices); an existing course keeps its own."""
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and institutions is not None and institutions.count() > 1:
            self.fields["institution"] = forms.ModelChoiceField(
                queryset=institutions.order_by("name"), label=_("Institution"), empty_label=None
            )
            self.order_fields(["institution"])


class TrainingClassForm(forms.ModelForm):
    class Meta:
        model = TrainingClass
        fields = [
            "name",
            "region",
            "venue",
            "start_date",
            "end_date",
            "capacity",
            "enrolment_opens",
            "enrolment_closes",
            "cross_region",
            "open_to_families",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "enrolment_opens": DateTimeLocalInput(),
            "enrolment_closes": DateTimeLocalInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.named().filter(level__in=[1, 2]).order_by("code")

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The class cannot end before it starts."))
        opens, closes = data.get("enrolment_opens"), data.get("enrolment_closes")
        if opens and closes and closes <= opens:
            self.add_error("enrolment_closes", _("Enrolment must close after it opens."))
        return data


class SessionForm(forms.ModelForm):
    class Meta:
        model = ClassSession
        fields = ["title", "starts_at", "ends_at", "location"]
        widgets = {"starts_at": DateTimeLocalInput(), "ends_at": DateTimeLocalInput()}

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A session must end after it starts."))
        return data


class AttendanceMarkForm(forms.Form):
    reason = forms.CharField(label=_("Reason (needed after the session)"), max_length=300, required=False)


class AssessmentForm(forms.Form):
    national_number = forms.CharField(label=_("National certificate number"), max_length=40)
    skill_level = forms.TypedChoiceField(label=_("Skill level"), coerce=int, choices=SkillLevel.choices)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())


class PayeeForm(forms.Form):
    payee = forms.ChoiceField(label=_("Payee"), choices=SubsidyClaim.Payee.choices)
    name = forms.CharField(label=_("Account holder"), max_length=100)
    bank = forms.CharField(label=_("Bank and branch"), max_length=100)
    account = forms.CharField(
        label=_("Account number"), max_length=40, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file is"), choices=SubsidyAttachment.Kind.choices)
    file = forms.FileField(
        label=_("File (PDF, DOCX, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png,.webp"}),
    )


class ApproveClaimForm(forms.Form):
    amount = forms.DecimalField(label=_("Approved amount (CNY)"), max_digits=9, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("Note (needed when less than claimed)"), max_length=300, required=False)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount paid (CNY)"), max_digits=9, decimal_places=2, min_value=0)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=40)


class EvaluatorForm(forms.Form):
    username = forms.CharField(label=_("User name or e-mail"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    affiliation = forms.CharField(label=_("Third-party organisation"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        from training.models import Evaluator

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Evaluator.Kind.choices


class InstitutionScoreForm(forms.Form):
    """The rubric: each score 0–100; the weights are settings.TRAINING_EVALUATION_WEIGHTS."""

    teaching = forms.IntegerField(label=_("Teaching quality"), min_value=0, max_value=100)
    attendance = forms.IntegerField(label=_("Attendance"), min_value=0, max_value=100)
    completion = forms.IntegerField(label=_("Completion"), min_value=0, max_value=100)
    employment = forms.IntegerField(label=_("Employment within 6 months"), min_value=0, max_value=100)
    ratings = forms.IntegerField(label=_("Trainee ratings"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def scores(self) -> dict:
        return {name: self.cleaned_data[name] for name in RUBRIC}
