from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.care.models import CareVisit, Need, Reason
from portal.care.services import INTERVALS
from portal.models import Role, User
from portal.widgets import DateInput


class MarkForm(forms.Form):
    reasons = forms.MultipleChoiceField(label=_("Reasons"), choices=Reason.choices, widget=forms.CheckboxSelectMultiple)
    interval_days = forms.TypedChoiceField(
        label=_("Visit every"),
        choices=[(d, _("%(days)d days") % {"days": d}) for d in INTERVALS],
        coerce=int,
        initial=90,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    visitors = forms.CharField(label=_("Visitors"), max_length=200)
    condition = forms.ChoiceField(label=_("Condition"), choices=CareVisit.Condition.choices, widget=forms.RadioSelect)
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Visit notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    task_need = forms.ChoiceField(label=_("Follow-up: need"), choices=[("", "—"), *Need.choices], required=False)
    task_description = forms.CharField(label=_("Follow-up: what to do"), max_length=300, required=False)
    task_assignee = forms.ModelChoiceField(
        label=_("Follow-up: assigned to"), queryset=User.objects.none(), required=False
    )
    task_due_on = forms.DateField(label=_("Follow-up: due on"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        staff = User.objects.filter(is_active=True).filter(Q(is_staff=True) | Q(groups__name=Role.STAFF))
        self.fields["task_assignee"].queryset = staff.distinct().order_by("username")

    def tasks(self) -> list[dict]:
        """The follow-up task typed on the form, if any (one per visit form; more can be added on the visit)."""
        data = self.cleaned_data
        if not (data.get("task_need") or data.get("task_description")):
            return []
        return [
            {
                "need": data.get("task_need"),
                "description": data.get("task_description", ""),
                "assigned_to": data.get("task_assignee"),
                "due_on": data.get("task_due_on"),
            }
        ]


class CloseTaskForm(forms.Form):
    outcome = forms.CharField(label=_("What was done"), max_length=300)


class EndForm(forms.Form):
    reason = forms.CharField(label=_("Why the visits end"), max_length=300)
