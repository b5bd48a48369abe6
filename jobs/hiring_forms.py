"""Forms of the hiring loop's pages: interviews (propose, pick, ask for another time, reschedule, cancel, outcome;
the message thread's forms are portal.thread_forms). They parse input; the rules are the services' (their refusals
come back as field errors)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.hiring_selectors import open_slots
from jobs.models import Application, InterviewSlot
from jobs.services.interview_notices import when
from portal.widgets import DateTimeLocalInput

TIME_FIELDS = ("time_1", "time_2", "time_3")


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        return f"{when(slot.starts_at)} ({slot.minutes} min) · {slot.get_mode_display()} · {slot.place}"


class SlotsChoiceField(SlotChoiceField, forms.ModelMultipleChoiceField):
    pass


class InterviewProposeForm(forms.Form):
    time_1 = forms.DateTimeField(label=_("Time 1"), required=False, widget=DateTimeLocalInput)
    time_2 = forms.DateTimeField(label=_("Time 2"), required=False, widget=DateTimeLocalInput)
    time_3 = forms.DateTimeField(label=_("Time 3"), required=False, widget=DateTimeLocalInput)
    minutes = forms.IntegerField(label=_("Duration (minutes)"), initial=30, min_value=10, max_value=480)
    mode = forms.ChoiceField(
        label=_("How"), choices=InterviewSlot.Mode.choices, initial=InterviewSlot.Mode.ONSITE, widget=forms.RadioSelect
    )
    address = forms.CharField(label=_("Address (on site)"), required=False, max_length=200)
    video_link = forms.CharField(label=_("Video link (video call)"), required=False, max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20)
    bring = forms.CharField(label=_("What to bring"), required=False, max_length=300)
    interviewer = forms.ModelChoiceField(
        get_user_model().objects.none(), label=_("Interviewer"), required=False, empty_label=_("Not named")
    )
    offer_slots = SlotsChoiceField(
        InterviewSlot.objects.none(),
        label=_("Also offer times you already offer others"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note to the applicant"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        members = get_user_model().objects.filter(memberships__organization=organization).order_by("pk")
        self.fields["interviewer"].queryset = members
        self.fields["interviewer"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["offer_slots"].queryset = open_slots(organization)
        if not self.fields["offer_slots"].queryset.exists():
            del self.fields["offer_slots"]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        details = {k: data[k] for k in ("minutes", "mode", "address", "video_link", "contact_name", "contact_phone")}
        details.update(bring=data["bring"], interviewer=data["interviewer"])
        return {
            "times": [data[f] for f in TIME_FIELDS if data.get(f)],
            "details": details,
            "offer_slots": list(data.get("offer_slots") or []),
        }


class EmployerRescheduleForm(InterviewProposeForm):
    reason = forms.CharField(label=_("Reason for rescheduling"), required=False, max_length=500)

    field_order = ["reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]


class PickForm(forms.Form):
    slot = SlotChoiceField(InterviewSlot.objects.none(), label=_("Choose a time"), widget=forms.RadioSelect)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class RetimeForm(forms.Form):
    note = forms.CharField(
        label=_("Which times would suit you?"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ApplicantRescheduleForm(forms.Form):
    slot = SlotChoiceField(
        InterviewSlot.objects.none(),
        label=_("Move to another offered time"),
        required=False,
        empty_label=_("None of them: I ask for another time"),
    )
    reason = forms.CharField(label=_("Reason (and when you could come)"), max_length=500)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("", _("Held, no decision yet")),
            (Application.Status.INTENT, Application.Status.INTENT.label),
            (Application.Status.HIRED, Application.Status.HIRED.label),
            (Application.Status.REJECTED, Application.Status.REJECTED.label),
        ],
        required=False,
    )
    note = forms.CharField(label=pgettext_lazy("remark", "Note"), required=False, max_length=300)
