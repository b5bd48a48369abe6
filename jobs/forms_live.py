"""Forms of the live-stream fair room: one-tap apply, switching the presenter, staff scheduling presentations."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.models import Booth
from portal.widgets import DateTimeLocalInput


class BoothChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number or '-'} · {obj.organization.name}"


def approved_booths(fair):
    return Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED).select_related("organization")


class LiveApplyForm(forms.Form):
    """Which position of which presenting booth; both hidden in the room's buttons."""

    position = forms.IntegerField(min_value=1)
    booth = forms.IntegerField(min_value=1)
    note = forms.CharField(required=False, max_length=2000)
    # Sent by the button that says applying shares the applicant's contact with the employer.
    share_consent = forms.BooleanField(required=False)


class PresenterForm(forms.Form):
    booth = BoothChoiceField(
        queryset=Booth.objects.none(), required=False, label=_("Presenting now"), empty_label=_("Nobody (break)")
    )

    def __init__(self, *args, fair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booth"].queryset = approved_booths(fair)
        self.fields["booth"].error_messages["invalid_choice"] = _("Choose an approved booth of this fair.")


class PresentationSlotForm(forms.Form):
    booth = BoothChoiceField(queryset=Booth.objects.none(), label=_("Booth"))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeLocalInput())
    topic = forms.CharField(label=pgettext_lazy("presentation", "Topic"), required=False, max_length=120)

    def __init__(self, *args, fair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booth"].queryset = approved_booths(fair)
        self.fields["booth"].error_messages["invalid_choice"] = _("Choose an approved booth of this fair.")
