"""Admin of policy and news: drafts are edited here or on the staff editor; publishing and withdrawing are actions
calling portal.news.services, and the state columns are the services' own."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_actions import ServiceOwnedFieldsAdmin, service_action
from portal.news.models import Article, Attachment
from portal.news.services import ARTICLE_FIELDS, article_publish, article_save, article_withdraw


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "created_at"]
    readonly_fields = ["file", "created_at"]  # added through the staff editor (attachment_add checks the file)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["title", "kind", "category", "audience", "status", "publish_at", "published_at"]
    list_filter = ["kind", "category", "status", "audience"]
    search_fields = ["title", "document_number", "issuing_body"]
    filter_horizontal = ["regions"]
    inlines = [AttachmentInline]
    service_owned_fields = (
        "status",
        "publish_at",
        "published_at",
        "withdrawn_at",
        "withdrawn_reason",
        "created_by",
    )
    actions = [
        service_action(
            article_publish,
            name="publish_selected",
            description=_("Publish selected articles now"),
            done=_("%(count)s articles published."),
            target="article",
            actor="staff_user",
        ),
        service_action(
            article_withdraw,
            name="withdraw_selected",
            description=_("Withdraw selected articles"),
            done=_("%(count)s articles withdrawn."),
            target="article",
            actor="staff_user",
            reason="reason",
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_editable():  # what readers saw stays on record: withdraw, then redraft
            fields += [*ARTICLE_FIELDS, "regions"]
        return fields

    def save_model(self, request, obj, form, change):
        """Through article_save, as the staff editor (the form has validated the same fields)."""
        data = {name: form.cleaned_data[name] for name in ARTICLE_FIELDS if name in form.cleaned_data}
        saved = article_save(
            staff_user=request.user,
            data=data,
            regions=form.cleaned_data.get("regions", []),
            article=obj if change else None,
        )
        obj.pk, obj.created_by = saved.pk, saved.created_by

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the regions were set by article_save
            self.save_formset(request, form, formset, change=change)
