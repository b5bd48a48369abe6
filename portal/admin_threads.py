"""Admin of the message threads (job applications', enrolments'): complaint data only. The bureau reads a thread's
content on its page, where each read is audited. Imported by portal.admin."""

from django.contrib import admin

from portal.admin_actions import ServiceOwnedFieldsAdmin
from portal.models import Thread


@admin.register(Thread)
class ThreadAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["id", "content_type", "object_id", "complaint_at"]
    list_filter = ["content_type", ("complaint_at", admin.EmptyFieldListFilter)]
    created_by_service = True
    service_owned_fields = ("content_type", "object_id", "complaint_at", "complaint_by", "complaint_reason")
