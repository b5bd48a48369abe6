"""Forms of the staff's organization verification: the checklist decision and the trust to publish without review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models.organizations import VERIFICATION_CHECKS


class OrganizationDecisionForm(forms.Form):
    """Every check of the checklist, then verify (all must be ticked; the service says so) or refuse with a reason."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Verify the organization")), ("reject", _("Refuse the verification"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required when refusing)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in VERIFICATION_CHECKS.items():
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)
        self.order_fields([f"check_{key}" for key in VERIFICATION_CHECKS] + ["decision", "reason"])

    def checklist(self) -> dict:
        return {key: bool(self.cleaned_data.get(f"check_{key}")) for key in VERIFICATION_CHECKS}


class TrustForm(forms.Form):
    auto_publish = forms.BooleanField(label=_("Publish this employer's positions without review"), required=False)
    spot_check_percent = forms.IntegerField(
        label=_("Share of those positions to spot-check (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Leave empty for the site's default."),
    )
