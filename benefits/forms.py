"""Forms of the benefits pages. Labels and errors are translated; services do the real checks."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from benefits.models import Industry, Offer
from portal.forms import RegionPickerMixin
from portal.models import Region, VeteranProfile
from portal.validators import normalize_id_number

PHOTO_HELP = _("A recent head-and-shoulders photo: JPEG, PNG or WebP, at most 3 MB.")


class CardApplyForm(RegionPickerMixin, forms.Form):
    photo = forms.FileField(
        label=_("Photo"), help_text=PHOTO_HELP, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )

    def __init__(self, *args, initial_region: Region | None = None, photo_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = photo_required
        self.add_region_fields(initial_region, label=_("Registration station (city)"))

    def clean(self):
        cleaned = super().clean()
        cleaned["station"] = self.resolve_region(cleaned)
        return cleaned


class ActForForm(CardApplyForm):
    """Staff filing an application for a veteran at a service station (代办)."""

    id_number = forms.CharField(
        label=_("Applicant's national ID number"),
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = ["id_number", "photo"]

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data["id_number"])
        profile = VeteranProfile.objects.with_id_number(number).select_related("user").first()
        if profile is None:
            raise ValidationError(_("No registered veteran has this ID number."))
        self.applicant = profile.user
        return number


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=_("Card code"),
        max_length=200,
        help_text=_("Scan the QR code, or type the code shown under it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )


class ConfirmUseForm(VerifyForm):
    offer = forms.ModelChoiceField(Offer.objects.none(), label=_("Offer used"), required=False)

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = Offer.objects.filter(pk__in=[o.pk for o in offers])
        self.fields["token"].widget = forms.HiddenInput()


class MerchantJoinForm(forms.Form):
    industry = forms.ModelChoiceField(Industry.objects.all(), label=_("Main industry"))


class OfferForm(RegionPickerMixin, forms.ModelForm):
    address = forms.CharField(label=_("Address"), max_length=200)

    class Meta:
        model = Offer
        fields = ["industry", "title", "benefit", "terms", "veterans_only", "valid_from", "valid_until", "active"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "terms": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        location = self.instance.locations.first() if self.instance.pk else None
        self.add_region_fields(location.region if location else None, label=_("City"))
        if location:
            self.fields["address"].initial = location.address

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        return cleaned


class OfferSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    industry = forms.ModelChoiceField(
        Industry.objects.all(), label=_("Industry"), required=False, to_field_name="code", empty_label=_("All")
    )
    region = forms.ModelChoiceField(
        Region.objects.cities(), label=_("City"), required=False, to_field_name="code", empty_label=_("All")
    )
