"""Forms of the benefits pages. Labels and errors are translated; services do the real checks."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from benefits.models import Industry, Offer, OfferLocation
from portal.forms import RegionPickerMixin
from portal.models import Region, VeteranProfile
from portal.validators import normalize_id_number
from portal.widgets import DateInput

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
        max_length=500,
        help_text=_("Scan the QR code, or type the 8-digit number shown under it."),
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


class OfferForm(forms.ModelForm):
    """The offer itself; where it can be used comes from OfferLocationFormSet on the same page."""

    class Meta:
        model = Offer
        fields = ["industry", "title", "benefit", "terms", "veterans_only", "valid_from", "valid_until", "active"]
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "terms": forms.Textarea(attrs={"rows": 3}),
        }


class OfferLocationForm(RegionPickerMixin, forms.ModelForm):
    """One place the offer can be used: a city (and optionally its district/county) and a street address."""

    class Meta:
        model = OfferLocation
        fields = ["address"]
        labels = {"address": _("Address")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_fields(self.instance.region if self.instance.region_id else None, label=_("City"))
        self.order_fields(["city", "district", "address"])

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        return cleaned


class BaseOfferLocationFormSet(forms.BaseInlineFormSet):
    """The offer's locations: empty extra rows are ignored, ticked rows removed, at least one must remain."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this location")

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if form.cleaned_data.get("region") and not (self.can_delete and self._should_delete_form(form))
        ]

    def clean(self):
        super().clean()
        # The hidden row ids are checked against Django's default manager only: an id that is not one of this
        # offer's locations was tampered with (or the page is stale), and is refused rather than quietly ignored.
        own = set(self.get_queryset().values_list("pk", flat=True)) if self.instance.pk else set()
        for form in self.forms:
            location = getattr(form, "cleaned_data", {}).get("id")
            if location is not None and location.pk not in own:
                raise ValidationError(_("The locations changed while you were editing. Reload the page and try again."))
        if any(self.errors):
            return
        kept = self.kept_forms()
        if not kept:
            raise ValidationError(_("Add at least one location where the offer can be used."))
        seen = set()
        for form in kept:
            key = (form.cleaned_data["region"].pk, " ".join(form.cleaned_data["address"].split()))
            if key in seen:
                raise ValidationError(_("The same location is listed twice."))
            seen.add(key)

    def locations(self) -> list[dict]:
        """What offer_save takes: [{region, address}] of the rows kept (call after is_valid())."""
        return [{"region": f.cleaned_data["region"], "address": f.cleaned_data["address"]} for f in self.kept_forms()]


MAX_OFFER_LOCATIONS = 20

OfferLocationFormSet = forms.inlineformset_factory(
    Offer,
    OfferLocation,
    form=OfferLocationForm,
    formset=BaseOfferLocationFormSet,
    fields=["address"],
    extra=2,
    can_delete=True,
    max_num=MAX_OFFER_LOCATIONS,
    validate_max=True,
    absolute_max=MAX_OFFER_LOCATIONS,
)


class OfferSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    industry = forms.ModelChoiceField(
        Industry.objects.all(), label=_("Industry"), required=False, to_field_name="code", empty_label=_("All")
    )
    region = forms.ModelChoiceField(
        Region.objects.named().cities(), label=_("City"), required=False, to_field_name="code", empty_label=_("All")
    )
