"""Root URLconf. Each pillar app owns its own urls.py and api/urls.py."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from portal.views import me, public

portal_patterns = [
    path("", public.home, name="home"),
    path("me/", me.profile, name="profile"),
    path("me/edit/", me.profile_edit, name="profile_edit"),
    path("me/resume/", me.resume_download, name="resume_download"),
    path("me/notifications/", me.notification_list, name="notifications"),
    path("me/notifications/read/", me.notification_read, name="notification_read"),
    path("me/notifications/settings/", me.notification_settings, name="notification_settings"),
    path("me/data.json", me.data_export, name="data_export"),
    path("me/delete/", me.account_delete, name="account_delete"),
    path("me/organization/new/", me.organization_register, name="organization_register"),
    path("invitations/<str:token>/", public.invitation, name="invitation"),
    path("notifications/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("staff/", include("portal.staff.urls")),
]

urlpatterns = [
    path("healthz/", public.healthz, name="healthz"),
    path("", include((portal_patterns, "portal"))),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("jobs/", include("jobs.urls")),
    path("training/", include("training.urls")),
    path("entrepreneurship/", include("entrepreneurship.urls")),
    path("benefits/", include("benefits.urls")),
    path("api/", include("portal.api.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Bureau administration")
