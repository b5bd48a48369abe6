"""Admin of the job search's thesaurus: staff keep the synonym groups and occupation aliases here (searchable in
Chinese by any word of an entry). Saving and deleting go through jobs.services.synonyms, which checks the entry
against the rest of the table and re-indexes the positions."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from jobs.models import SearchSynonym
from jobs.services.synonyms import synonym_clean, synonym_delete, synonym_save
from portal.admin_actions import ServiceOwnedFieldsAdmin


class SearchSynonymForm(forms.ModelForm):
    class Meta:
        model = SearchSynonym
        fields = ["kind", "term", "words", "note"]

    def _post_clean(self):
        super()._post_clean()
        try:
            synonym_clean(self.instance)  # the service's own rules, shown under their fields
        except ValidationError as exc:
            self._update_errors(exc)


@admin.register(SearchSynonym)
class SearchSynonymAdmin(ServiceOwnedFieldsAdmin):
    form = SearchSynonymForm
    list_display = ["term", "kind", "words", "note", "updated_at", "updated_by"]
    list_filter = ["kind"]
    search_fields = ["term", "words", "note"]
    service_owned_fields = ("updated_by",)
    readonly_fields = ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        synonym_save(synonym=obj, user=request.user)

    def delete_model(self, request, obj):
        synonym_delete(synonym=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for synonym in queryset:
            synonym_delete(synonym=synonym, user=request.user)
