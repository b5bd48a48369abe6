from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Region
from portal.news.models import Article
from portal.widgets import ISO_DATETIME_LOCAL, DateInput, DateTimeLocalInput


class ArticleForm(forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("Applies to"),
        queryset=Region.objects.filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True)).order_by("code"),
        required=False,
        empty_label=_("Everywhere"),
        help_text=_("A province or a city; people living there see it on their page."),
    )

    class Meta:
        model = Article
        fields = [
            "kind",
            "category",
            "title",
            "summary",
            "body",
            "issuing_body",
            "document_number",
            "effective_date",
            "audience",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "effective_date": DateInput(),
        }


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at (empty: now)"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[ISO_DATETIME_LOCAL],
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=300)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Attachment title"), max_length=100)
    file = forms.FileField(label=_("File (PDF, Word, JPEG or PNG)"))
