"""Admin of the consent records: read-only. Consents are given and withdrawn only by the person (pages, API) or
recorded by staff at a counter, through portal.services.consents, which audits each one."""

from django.contrib import admin

from portal.admin_sms import ReadOnlyAdmin
from portal.models import Consent


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["user", "purpose", "policy_version", "granted_at", "withdrawn_at", "channel"]
    list_filter = ["purpose", "channel", "policy_version"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "recorded_by"]
    date_hierarchy = "granted_at"
