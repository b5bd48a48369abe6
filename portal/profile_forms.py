"""The veteran registration (退役报到) form: whole for staff at a counter (代办), one step at a time on the guided
pages (身份 → 服役经历 → 联系方式与地区 → 技能与意向 → 简历). Parsing only: every rule is veteran_profile_save's, which
sets and checks only the fields a step gives, so saving one step never touches another's."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.forms import CityChoiceField, RegionPickerMixin
from portal.models import Consent, MilitarySpecialty, OccupationCategory, Region, VeteranProfile
from portal.models.fields import PHONE_MAX_LENGTH
from portal.services.consents import consent_live
from portal.times import local_date
from portal.validators import validate_resume
from portal.widgets import DateInput


@dataclass(frozen=True)
class ProfileStep:
    key: str
    title: str
    fields: tuple[str, ...]
    multipart: bool = False

    def is_done(self, profile: VeteranProfile | None) -> bool:
        """Whether the saved profile has what this step asks for (the step indicator's ticks)."""
        if profile is None or profile.pk is None:
            return False
        return bool(STEP_DONE[self.key](profile))


PROFILE_STEPS = (
    ProfileStep("identity", _("Identity"), ("real_name", "id_number", "id_number_consent")),
    ProfileStep(
        "service",
        _("Military service"),
        ("service_branch", "enlistment_date", "discharge_date", "rank", "military_specialties"),
    ),
    ProfileStep("contact", _("Contact and region"), ("phone", "city", "district")),
    ProfileStep(
        "intentions",
        _("Skills and job intentions"),
        (
            "education",
            "skills_text",
            "desired_categories",
            "desired_cities",
            "expected_salary",
            "employment_status",
            "open_to_employers",
        ),
    ),
    ProfileStep("resume", _("Résumé"), ("resume",), multipart=True),
)
STEP_DONE = {
    "identity": lambda p: p.real_name,
    "service": lambda p: p.service_branch or p.enlistment_date,
    "contact": lambda p: p.phone and p.region_id,
    "intentions": lambda p: p.skills or p.desired_categories.exists(),
    "resume": lambda p: p.resume,
}


def profile_step(key: str) -> ProfileStep | None:
    return next((step for step in PROFILE_STEPS if step.key == key), None)


def step_after(step: ProfileStep) -> ProfileStep | None:
    index = PROFILE_STEPS.index(step)
    return PROFILE_STEPS[index + 1] if index + 1 < len(PROFILE_STEPS) else None


def step_before(step: ProfileStep) -> ProfileStep | None:
    index = PROFILE_STEPS.index(step)
    return PROFILE_STEPS[index - 1] if index else None


# Searchable with static/js/profile.js (Tom Select); plain multi-selects without JavaScript.
SEARCHABLE = {"data-enhance": "search", "data-no-results": _("No matches"), "data-remove-label": _("Remove")}


def grouped_categories() -> list:
    """Occupations grouped under their field (<optgroup>), as the person looks for them."""
    groups: dict = {}
    for category in OccupationCategory.objects.filter(parent__isnull=False).select_related("parent"):
        groups.setdefault(str(category.parent), []).append((category.pk, str(category)))
    return list(groups.items())


class VeteranProfileForm(RegionPickerMixin, forms.ModelForm):
    consent_label = _(
        "I agree that my national ID number is processed as the privacy policy describes: to verify my "
        "registration and for the services that need a verified registration."
    )
    id_number = forms.CharField(
        label=_("National ID number"),
        max_length=18,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
    )
    id_number_consent = forms.BooleanField(label="", required=False)
    skills_text = forms.CharField(
        label=_("Skills"),
        required=False,
        help_text=_("Separate skills with commas, e.g. 驾驶, 电工, 无人机"),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=PHONE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"}),
    )
    desired_cities = forms.ModelMultipleChoiceField(
        Region.objects.named().cities(),
        required=False,
        label=_("Desired work cities"),
        widget=forms.SelectMultiple(attrs={"size": 6, **SEARCHABLE}),
    )
    desired_cities.label_from_instance = CityChoiceField.label_from_instance.__get__(desired_cities)

    class Meta:
        model = VeteranProfile
        fields = [
            "real_name",
            "service_branch",
            "enlistment_date",
            "discharge_date",
            "rank",
            "military_specialties",
            "education",
            "desired_categories",
            "expected_salary",
            "employment_status",
            "open_to_employers",
            "resume",
        ]
        widgets = {
            "enlistment_date": DateInput(),
            "discharge_date": DateInput(),
            "military_specialties": forms.SelectMultiple(attrs={"size": 6, **SEARCHABLE}),
            "desired_categories": forms.SelectMultiple(attrs={"size": 6, **SEARCHABLE}),
            "resume": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png,.webp"}),
        }

    def __init__(self, *args, user=None, step: ProfileStep | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance if self.instance.pk else None
        self.add_region_fields(instance.region if instance else None, label=_("City of residence"))
        self.fields["city"].widget.attrs.update(SEARCHABLE)
        self.fields["military_specialties"].queryset = MilitarySpecialty.objects.all()
        self.fields["desired_categories"].queryset = OccupationCategory.objects.filter(parent__isnull=False)
        self.fields["desired_categories"].widget.choices = grouped_categories()
        self.fields["id_number_consent"].label = self.consent_label
        if instance:
            self.fields["phone"].initial = instance.phone
            self.fields["desired_cities"].initial = list(instance.desired_regions.all())
            self.fields["skills_text"].initial = ", ".join(instance.skills)
        if instance and instance.id_number_encrypted:
            self.fields["id_number"].help_text = _("Registered: %(masked)s. Leave empty to keep it.") % {
                "masked": instance.masked_id_number
            }
        self._consent_given_before()
        self.order_fields(["real_name", "id_number", "id_number_consent", "phone"])
        if step is not None:
            for name in [name for name in self.fields if name not in step.fields]:
                del self.fields[name]

    def _consent_given_before(self) -> None:
        """With a live consent there is nothing to ask: the field says when it was given instead."""
        consent = consent_live(user=self.user, purpose=Consent.Purpose.ID_NUMBER) if self.user else None
        if consent is None:
            return
        del self.fields["id_number_consent"]
        given = _("You agreed to the processing of your ID number on %(date)s (privacy policy %(version)s).") % {
            "date": date_format(local_date(consent.granted_at)),
            "version": consent.policy_version,
        }
        help_text = self.fields["id_number"].help_text
        self.fields["id_number"].help_text = f"{help_text} {given}".strip()

    def clean_id_number(self):
        return self.cleaned_data.get("id_number", "").strip()  # checked (and refused neutrally) by the service

    def clean_resume(self):
        upload = self.cleaned_data.get("resume")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            ext = validate_resume(upload)
            upload.name = f"resume.{ext}"
        return upload

    def clean(self):
        cleaned = super().clean()
        if "city" in self.fields:
            cleaned["region"] = self.resolve_region(cleaned)
        if "skills_text" in self.fields:
            cleaned["skills"] = cleaned.get("skills_text", "").replace("，", ",").split(",")  # cleaned by the service
        if "desired_cities" in self.fields:
            cleaned["desired_regions"] = list(cleaned.get("desired_cities") or [])
        stored = self.instance.pk and self.instance.id_number_encrypted
        nothing_to_agree_to = "id_number" in self.fields and not cleaned.get("id_number") and not stored
        if cleaned.get("id_number_consent") and nothing_to_agree_to and not self.has_error("id_number"):
            self.add_error("id_number", _("Enter your ID number, or untick the consent to go on without it."))
        return cleaned

    def _post_clean(self):
        # Parsing only: the model's rules run once, in veteran_profile_save, for the page, the API and the import.
        pass

    def profile_data(self) -> dict:
        skip = {"id_number", "id_number_consent", "resume", "city", "district", "skills_text", "desired_cities"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def id_number_basis(self, channel: str) -> str | None:
        """The consent channel if the person ticked the consent with this save, else None."""
        return channel if self.cleaned_data.get("id_number_consent") else None

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show the service's field errors on the form's fields (a few have other names on the page)."""
        for field, errors in exc.message_dict.items():
            field = SERVICE_FIELD_ON_FORM.get(field, field)
            if field == "id_number_consent" and field not in self.fields:
                field = "id_number"
            self.add_error(field if field in self.fields else None, errors)


# The profile service's field → the profile form's field showing its errors.
SERVICE_FIELD_ON_FORM = {"skills": "skills_text", "region": "city", "desired_regions": "desired_cities"}
