"""Forms of the staff workbench."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.forms import RegionPickerMixin
from portal.models import Region
from portal.profile_forms import VeteranProfileForm
from portal.validators import validate_photo, validate_resume
from portal.widgets import DateInput


class RegionFilterForm(RegionPickerMixin, forms.Form):
    """A filter form with an optional city + district picker; cleaned_data["region"] is the chosen Region or None.
    (A plain select of every region would render thousands of options.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        city = None
        if self.is_bound:
            city_id = self.data.get("city")
            city = Region.objects.filter(pk=city_id).first() if str(city_id or "").isdigit() else None
        self.add_region_fields(city, required=False, label=_("City"))
        # A filter left empty means everything: say so ("全部"), not "---------".
        self.fields["city"].empty_label = _("All")
        self.fields["district"].widget.choices = [("", _("All")), *self.fields["district"].widget.choices[1:]]
        self.order_fields(["city", "district"])

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        cleaned.pop("city", None)
        cleaned.pop("district", None)
        return cleaned


def _period_bounds(period: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    month = today.replace(day=1)
    if period == "month":
        return month, today
    if period == "last_month":
        end = month - datetime.timedelta(days=1)
        return end.replace(day=1), end
    if period == "quarter":
        return month.replace(month=(today.month - 1) // 3 * 3 + 1), today
    if period == "year":
        return today.replace(month=1, day=1), today
    return today - datetime.timedelta(days=29), today  # last_30


class DashboardFilterForm(RegionFilterForm):
    PERIODS = [
        ("", _("Any time")),
        ("month", _("This month")),
        ("last_month", _("Last month")),
        ("last_30", _("Last 30 days")),
        ("quarter", _("This quarter")),
        ("year", _("This year")),
    ]
    period = forms.ChoiceField(choices=PERIODS, required=False, label=pgettext_lazy("dashboard", "Period"))
    start = forms.DateField(required=False, label=_("From"), widget=DateInput())
    end = forms.DateField(required=False, label=_("Until"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") and not (cleaned.get("start") or cleaned.get("end")):
            cleaned["start"], cleaned["end"] = _period_bounds(cleaned["period"], timezone.localdate())
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise ValidationError(_("The end of the period is before its start."))
        return cleaned


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Hand-over file (.xlsx or .csv)"),
        help_text=_("Columns: 姓名, 身份证号, 手机, 邮箱, 地区 (code or name), 军种, 入伍时间, 退役时间, 专业."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class VeteranSearchForm(forms.Form):
    q = forms.CharField(
        label=_("ID number or mobile phone (in full or the last 4), or name"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )

    def clean_q(self):
        value = self.cleaned_data["q"].strip()
        if len(value) < 2:
            raise ValidationError(_("Enter at least 2 characters."))
        return value


class ActingProfileForm(VeteranProfileForm):
    """The veteran's own registration form, filled in by staff: the ID number is never shown and stays as stored.
    A new number needs the veteran's consent, given on the station's signed form and recorded by the staff member."""

    consent_label = _(
        "The veteran has agreed in writing to the processing of the ID number (the signed consent form is kept "
        "at the service station)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.id_number_encrypted:
            del self.fields["id_number"]
        del self.fields["resume"]
        account = self.user
        if account is not None and not account.has_usable_password():  # an account staff created, not yet claimed
            self.fields["email"] = forms.EmailField(
                label=_("E-mail"),
                required=False,
                initial=account.email,
                help_text=_("The invitation to claim the account goes to this address and to the mobile number."),
            )


class ResumeUploadForm(forms.Form):
    resume = forms.FileField(
        label=_("Résumé (PDF, DOCX or image)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png,.webp"}),
    )

    def clean_resume(self):
        upload = self.cleaned_data["resume"]
        ext = validate_resume(upload)
        upload.name = f"resume.{ext}"
        return upload


class DecisionForm(forms.Form):
    """Confirm, or send back with a reason the person reads (the reason is required when sending back)."""

    approve_label = _("Confirm")
    reason_required = _("Give a reason so the person can correct it.")

    decision = forms.ChoiceField(label=_("Decision"), choices=[], widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Reason (required when sending back)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("approve", self.approve_label), ("reject", _("Send back for correction"))]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("note") or "").strip():
            self.add_error("note", self.reason_required)
        return cleaned

    @staticmethod
    def decided(data) -> dict:
        """The cleaned decision as the review services take it (`approve`, `note`)."""
        return {"approve": data["decision"] == "approve", "note": data["note"]}


class FamilyReviewForm(DecisionForm):
    """Confirm a family link, or send it back with a reason the family member reads."""

    approve_label = _("Confirm the link")
    reason_required = _("Give the family member a reason so they can correct the profile.")


class VeteranReviewForm(DecisionForm):
    """Verify a 退役报到 registration against the documents, or return it with a reason the veteran reads."""

    approve_label = _("Verify the registration")
    reason_required = _("Give the veteran a reason so they can correct the profile.")


class FamilyProofForm(forms.Form):
    """代办 at the counter: staff scan the paper proof the family member brought and attach it."""

    proof = forms.FileField(
        label=_("Proof of the relation"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_proof(self):
        upload = self.cleaned_data["proof"]
        validate_photo(upload)  # checked again, and re-encoded, by the service
        return upload


class PersonMergeForm(forms.Form):
    survivor = forms.ChoiceField(
        label=_("Keep this account"),
        choices=[("first", _("the first account")), ("second", _("the second account"))],
        widget=forms.RadioSelect,
        help_text=_("Everything of the other account moves to it; the other account is deactivated."),
    )
    reason = forms.CharField(label=_("Why these accounts are the same person"), max_length=300)
    confirm = forms.BooleanField(label=_("I have checked that both accounts belong to the same person"))


class DuplicateDismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why these accounts are different people"),
        max_length=300,
        help_text=_("For example: twins with the same birth date; the mobile number changed hands."),
    )
