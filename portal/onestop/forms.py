"""The one-stop form: asks once for what the parts need. The services do the real checks (photo rules, seats …)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from benefits.forms import PHOTO_HELP
from portal.forms import RegionPickerMixin
from portal.models import OccupationCategory, Region
from portal.widgets import DateInput
from training.views.acting import open_classes_for


class ClassChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.course.title} · {obj.name} · {obj.region.label} · {obj.start_date:%Y-%m-%d}"


class OneStopForm(RegionPickerMixin, forms.Form):
    region_field = "station"

    photo = forms.FileField(
        label=_("Photo for the benefit card"),
        # Formatted lazily: at import time it would freeze the default language.
        help_text=format_lazy(_("Leave empty if you do not want a benefit card now. {rules}"), rules=PHOTO_HELP),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    desired_categories = forms.ModelMultipleChoiceField(
        label=_("Occupations you are looking for"),
        queryset=OccupationCategory.objects.filter(parent__isnull=False),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    desired_cities = forms.ModelMultipleChoiceField(
        label=_("Cities where you want to work"),
        queryset=Region.objects.named().cities(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    available_from = forms.DateField(label=_("Available to start work from"), required=False, widget=DateInput())
    training_class = ClassChoiceField(
        label=_("Adaptive training class"),
        queryset=None,
        required=False,
        empty_label=_("No training for now"),
    )
    counselling = forms.BooleanField(label=_("I would like employment counselling"), required=False)
    entrepreneurship = forms.BooleanField(label=_("I am interested in starting a business"), required=False)
    note = forms.CharField(
        label=_("Note for the staff"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, veteran_user, **kwargs):
        super().__init__(*args, **kwargs)
        profile = veteran_user.veteran_profile
        self.add_region_fields(profile.region, required=False, label=_("Registration station for the card (city)"))
        self.fields["training_class"].queryset = open_classes_for(veteran_user)
        self.order_fields(["photo", "city", "district"])
        if not self.is_bound:
            self.initial["desired_categories"] = list(profile.desired_categories.all())
            self.initial["desired_cities"] = list(profile.desired_regions.all())

    def clean_available_from(self):
        value = self.cleaned_data.get("available_from")
        if value and value < timezone.localdate():
            raise ValidationError(_("The date you can start work cannot be in the past."))
        return value

    def clean(self):
        cleaned = super().clean()
        cleaned["station"] = self.resolve_region(cleaned)
        if cleaned.get("photo") and not cleaned["station"] and "district" not in self.errors:
            self.add_error("city", _("Choose the station where you will collect the card."))
        return cleaned

    def submission(self) -> dict:
        data = self.cleaned_data
        return {
            "photo": data.get("photo") or None,
            "station": data.get("station"),
            "desired_categories": data["desired_categories"],
            "desired_regions": data["desired_cities"],
            "available_from": data.get("available_from"),
            "training_class": data.get("training_class"),
            "counselling": data["counselling"],
            "entrepreneurship": data["entrepreneurship"],
            "note": data["note"],
        }
