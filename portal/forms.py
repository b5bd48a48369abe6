"""Forms of the shell. Region pickers are city + optional district (a cascade that works without JavaScript)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import (
    FamilyMemberProfile,
    NotificationPreference,
    Organization,
    Region,
)
from portal.models.fields import PHONE_MAX_LENGTH
from portal.validators import normalize_id_number, normalize_uscc, validate_phone, validate_photo
from portal.widgets import DateInput


class PhoneFormMixin(forms.Form):
    """Base of a ModelForm (admin included) for a model with EncryptedPhoneMixin: a declared `phone` field read from
    and written to the property before the model's own validation (full_clean), which reports its errors."""

    phone = forms.CharField(label=_("mobile phone"), max_length=PHONE_MAX_LENGTH, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and "phone" not in self.initial:
            self.initial["phone"] = instance.phone

    def _post_clean(self):
        if "phone" in self.cleaned_data and getattr(self, "instance", None) is not None:
            self.instance.phone = self.cleaned_data["phone"]
        super()._post_clean()


class CityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class RegionPickerMixin:
    """Adds `city` and `district` fields and resolves them to one Region in cleaned_data[region_field]."""

    region_field = "region"

    def add_region_fields(self, initial: Region | None, required: bool = True, label=None):
        city = district = None
        if initial is not None:
            if initial.level == Region.Level.DISTRICT:
                district, city = initial, initial.parent
            else:
                city = initial
        self.fields["city"] = CityChoiceField(
            Region.objects.named().cities(),
            required=required,
            label=label or pgettext_lazy("region picker", "City"),
            initial=city,
            widget=forms.Select(attrs={"data-region-city": "1"}),
        )
        # After an error the districts are those of the city as posted, so the chosen district stays chosen.
        city_id = self.data.get(self.add_prefix("city")) if self.is_bound else (city.pk if city else None)
        city_id = city_id if str(city_id or "").isdigit() else None
        districts = Region.objects.filter(parent_id=city_id) if city_id else Region.objects.none()
        self.fields["district"] = forms.ModelChoiceField(
            Region.objects.named().filter(level=Region.Level.DISTRICT),
            required=False,
            label=_("District / county"),
            initial=district,
            widget=forms.Select(attrs={"data-region-district": "1"}),
        )
        self.fields["district"].widget.choices = [("", "—")] + [(d.pk, d.label) for d in districts]

    def resolve_region(self, cleaned):
        city, district = cleaned.get("city"), cleaned.get("district")
        if district and city and district.parent_id != city.pk:
            self.add_error("district", _("This district is not in the chosen city."))
            return None
        return district or city


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = NotificationPreference.PERSONAL_FIELDS

    def _post_clean(self):
        pass  # parsing only: notification_preference_update checks the values


class OrganizationForm(RegionPickerMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "org_type",
            "uscc",
            "address",
            "contact_name",
            "contact_phone",
            "industry",
            "description",
            "website",
            "business_licence",
            "licence_valid_until",
        ]
        widgets = {"licence_valid_until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_type"].choices = [c for c in Organization.Type.choices if c[0] != Organization.Type.BUREAU]
        self.fields["uscc"].required = True
        self.fields["business_licence"].required = True
        self.add_region_fields(self.instance.region if self.instance.pk else None)

    def clean_uscc(self):
        return normalize_uscc(self.cleaned_data.get("uscc", ""))

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        return cleaned


class LicenceReplaceForm(forms.Form):
    business_licence = forms.FileField(
        label=_("business licence"), help_text=Organization._meta.get_field("business_licence").help_text
    )
    licence_valid_until = forms.DateField(
        label=_("licence valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a licence without end date."),
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(label=_("I understand my personal data will be erased and cannot be recovered."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."))
        return password


class FamilyMemberForm(RegionPickerMixin, forms.Form):
    """随军家属/优抚对象: links to a registered veteran by the veteran's ID number (looked up by keyed hash), with a
    photo or scan of the proof. Opened on a saved profile it shows the stored values; the ID numbers are then
    shown masked and may be left empty to keep them."""

    real_name = forms.CharField(label=_("Real name"), max_length=50)
    id_number = forms.CharField(label=_("National ID number"), max_length=18)
    relation = forms.ChoiceField(label=_("Relation to the veteran"), choices=FamilyMemberProfile.Relation.choices)
    veteran_id_number = forms.CharField(
        label=_("The veteran's ID number"),
        max_length=18,
        help_text=_("Used only to find the veteran's registration; staff confirm the link."),
    )
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, validators=[validate_phone])
    proof = forms.FileField(
        label=_("Proof of the relation"),
        required=False,  # staff can also scan the paper at the counter; nothing is confirmed without one
        help_text=_(
            "A photo or scan of the certificate (e.g. 随军证明, 烈士证明书): JPEG, PNG or WebP, at most 3 MB. "
            "Only you and staff can see it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, instance: FamilyMemberProfile | None = None, **kwargs):
        self.instance = instance
        if instance is not None and instance.pk:
            kwargs.setdefault(
                "initial",
                {"real_name": instance.real_name, "relation": instance.relation, "phone": instance.phone},
            )
        super().__init__(*args, **kwargs)
        self.add_region_fields(instance.region if instance is not None and instance.region_id else None)
        if instance is not None and instance.pk:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("Registered: %(masked)s. Leave empty to keep it.") % {
                "masked": instance.masked_id_number
            }
            if instance.veteran_id:
                self.fields["veteran_id_number"].required = False
                self.fields["veteran_id_number"].help_text = _("Linked: %(masked)s. Leave empty to keep the link.") % {
                    "masked": instance.veteran.masked_id_number
                }
            if instance.proof:
                self.fields["proof"].help_text = _("Uploaded. Choose a new file only to replace it.")

    def clean_id_number(self):
        value = self.cleaned_data["id_number"]
        return normalize_id_number(value) if value else ""

    def clean_veteran_id_number(self):
        # Only the number's form here: looking it up is family_profile_save's (rate-limited) business.
        value = self.cleaned_data["veteran_id_number"]
        return normalize_id_number(value) if value else ""

    def clean_proof(self):
        upload = self.cleaned_data.get("proof")
        if upload:
            validate_photo(upload)  # checked again, and re-encoded, by the service
        return upload or None

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        own, veteran = self.saved_numbers(cleaned)
        if own and own == veteran:
            self.add_error("veteran_id_number", _("Enter the veteran's ID number, not your own."))
        return cleaned

    def saved_numbers(self, cleaned=None) -> tuple[str, str]:
        """(own, veteran's) ID number: as typed, or the stored ones for the fields left empty."""
        cleaned = self.cleaned_data if cleaned is None else cleaned
        own, veteran = cleaned.get("id_number"), cleaned.get("veteran_id_number")
        if self.instance is not None and self.instance.pk:
            own = own or self.instance.get_id_number()
            if self.instance.veteran_id:
                veteran = veteran or self.instance.veteran.get_id_number()
        return own or "", veteran or ""


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to invite"))


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=100,
        help_text=_("Say where it is used, e.g. “HR system” or “front desk till”."),
    )


class ConsentWithdrawForm(forms.Form):
    """Withdrawing a consent. Erasing the ID number cannot be undone by a click, so that one asks to confirm."""

    confirm = forms.BooleanField(
        label=_("I understand that my ID number will be erased from my registration."), required=False
    )

    def __init__(self, *args, purpose: str, **kwargs):
        super().__init__(*args, **kwargs)
        if purpose == "id_number":
            self.fields["confirm"].required = True
        else:
            del self.fields["confirm"]
