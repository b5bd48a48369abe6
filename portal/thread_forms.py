"""The forms of a message thread page (portal.services.threads): a message, a complaint."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.services.threads import BODY_LIMIT, COMPLAINT_LIMIT


class ThreadMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), required=False, max_length=BODY_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(label=_("Attachment (PDF, Word or a photo)"), required=False)


class ThreadComplaintForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this conversation?"),
        max_length=COMPLAINT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
