from django import forms
from django.utils.translation import gettext_lazy as _

from portal.counsel.models import Kind, Provider, Slot
from portal.widgets import DateTimeLocalInput


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("I ask for"), choices=Kind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("What do you need help with?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    preferred_times = forms.CharField(
        label=_("Preferred times"), max_length=200, help_text=_("For example: weekday evenings, Saturday morning")
    )


class AssignForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Counsellor or lawyer"), queryset=Provider.objects.none())

    def __init__(self, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        providers = Provider.objects.filter(active=True).select_related("user")
        if kind is not None:
            wanted = Provider.Kind.COUNSELLOR if kind == Kind.COUNSELLING else Provider.Kind.LAWYER
            providers = providers.filter(kind=wanted)
        self.fields["provider"].queryset = providers.order_by("user__username")


class ProviderForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Provider.Kind.choices)


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeLocalInput())
    minutes = forms.IntegerField(label=_("Minutes"), min_value=15, max_value=240, initial=60)
    place = forms.CharField(label=_("Place or way of meeting"), max_length=200)


class BookForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Appointment"), queryset=Slot.objects.none(), widget=forms.RadioSelect)

    def __init__(self, *args, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        if slots is not None:
            self.fields["slot"].queryset = slots


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Outcome note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    shareable = forms.BooleanField(label=_("Share this note with the requester"), required=False)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int, widget=forms.RadioSelect
    )
