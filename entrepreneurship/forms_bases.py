"""Forms of the operators' base pages: the base, a room's grid, a residency's desks."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import Desk, DeskAllocation, IncubatorBase
from entrepreneurship.models.workstations import MAX_GRID
from portal.forms import RegionPickerMixin
from portal.models import Organization
from portal.permissions import is_bureau_staff, member_organizations


class BaseForm(RegionPickerMixin, forms.ModelForm):
    class Meta:
        model = IncubatorBase
        fields = [
            "operator",
            "name",
            "address",
            "services",
            "total_workstations",
            "veteran_priority_policy",
            "is_active",
        ]
        widgets = {
            "services": forms.Textarea(attrs={"rows": 3}),
            "veteran_priority_policy": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_fields(self.instance.region if self.instance.pk else None, required=True)
        if self.instance.pk:
            del self.fields["operator"]  # a base stays with its operator
            if self.instance.room_set.exists():
                self.fields["total_workstations"].disabled = True
                self.fields["total_workstations"].help_text = _("Counted from the desks in service in its rooms.")
        else:
            operators = (
                Organization.objects.filter(org_type=Organization.Type.INCUBATOR).verified()
                if is_bureau_staff(user)
                else member_organizations(user, Organization.Type.INCUBATOR)
            )
            self.fields["operator"].queryset = operators
            self.fields["operator"].initial = operators.first()

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        return cleaned

    def base_data(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in self.Meta.fields if k != "operator" and k in self.fields}
        data["region"] = self.cleaned_data.get("region")
        return data


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Room name"), max_length=60)
    rows = forms.IntegerField(label=_("Rows of desks"), min_value=1, max_value=MAX_GRID)
    columns = forms.IntegerField(label=_("Desks per row"), min_value=1, max_value=MAX_GRID)


class DeskChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.room.name} {obj.label}"


class DeskAllocateForm(forms.Form):
    desks = DeskChoiceField(Desk.objects.none(), label=_("Desks"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, base, free_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        desks = Desk.objects.filter(room__base=base, is_active=True).select_related("room")
        if free_only:  # what the page offers; a POST accepts any desk in service, the service says if it is taken
            desks = desks.exclude(Exists(DeskAllocation.objects.current().filter(desk=OuterRef("pk"))))
        self.fields["desks"].queryset = desks
