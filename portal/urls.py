"""Root URLconf. Each pillar app owns its own urls.py and api/urls.py."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from jobs import views as jobs_views
from portal.views import (
    claims,
    guides,
    me,
    organizations,
    preferences,
    privacy,
    profile_steps,
    public,
    security,
    workspace,
)

portal_patterns = [
    path("", public.home, name="home"),
    path("workspace/", workspace.workspace, name="workspace"),
    path("preferences/elder-mode/", preferences.elder_mode, name="elder_mode"),
    path("me/", me.profile, name="profile"),
    path("me/edit/", profile_steps.profile_edit, name="profile_edit"),
    path("me/edit/<slug:step>/", profile_steps.profile_step_edit, name="profile_step"),
    path("me/resume/", me.resume_download, name="resume_download"),
    path("me/notifications/", me.notification_list, name="notifications"),
    path("me/notifications/read/", me.notification_read, name="notification_read"),
    path("me/notifications/settings/", me.notification_settings, name="notification_settings"),
    path("me/data.json", me.data_export, name="data_export"),
    path("me/delete/", me.account_delete, name="account_delete"),
    path("me/organization/new/", me.organization_register, name="organization_register"),
    path("me/organization/<int:pk>/invite/", me.organization_invite, name="organization_invite"),
    path("me/organization/<int:pk>/licence/", organizations.organization_licence, name="organization_licence"),
    path(
        "me/organization/<int:pk>/licence/upload/",
        organizations.organization_licence_upload,
        name="organization_licence_upload",
    ),
    path("me/family/", me.family_profile, name="family_profile"),
    path("me/family/proof/", me.family_proof, name="family_proof"),
    path("me/consents/", privacy.consent_list, name="consents"),
    path("me/consents/<slug:purpose>/withdraw/", privacy.consent_withdraw_view, name="consent_withdraw"),
    path("privacy/", privacy.privacy_policy, name="privacy"),
    path("guides/", guides.guide_list, name="guides"),
    path("guides/<slug:slug>/", guides.guide_detail, name="guide"),
    path("me/security/", security.security, name="security"),
    path("me/security/keys/<int:pk>/revoke/", security.security_key_revoke, name="security_key_revoke"),
    path("me/security/sign-out-everywhere/", security.sign_out_everywhere, name="sign_out_everywhere"),
    path("me/organization/<int:pk>/keys/", security.organization_keys, name="organization_keys"),
    path(
        "me/organization/<int:pk>/keys/<int:key_pk>/revoke/",
        security.organization_key_revoke,
        name="organization_key_revoke",
    ),
    path("invitations/<str:token>/", public.invitation, name="invitation"),
    path("claim/<str:token>/", claims.account_claim, name="account_claim"),
    path("notifications/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("staff/", include("portal.staff.urls")),
    # The veteran's applications live in the jobs app; /me/applications/ is where people expect them.
    path("me/applications/", jobs_views.my_applications, name="my_applications"),
]

# The admin logs in through allauth: same rate limits (and second factor) as the site's login.
# Assigned before admin.site.urls is built, which binds the login view.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz/", public.healthz, name="healthz"),
    path("api/", include("portal.api.urls")),  # early: API clients call often, and resolution tries patterns in order
    path("", include((portal_patterns, "portal"))),
    path("accounts/", include("allauth.urls")),
    # Changing the display language touches nothing but the visitor's own cookie, so it needs no CSRF token; without
    # one, public pages carry no per-visitor content for anonymous visitors and can be cached whole
    # (portal.cache.cache_shared_page).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("jobs/", include("jobs.urls")),
    path("training/", include("training.urls")),
    path("entrepreneurship/", include("entrepreneurship.urls")),
    path("benefits/", include("benefits.urls")),
    path("news/", include("portal.news.urls")),
    path("care/", include("portal.care.urls")),
    path("onestop/", include("portal.onestop.urls")),
    path("counsel/", include("portal.counsel.urls")),
]

# No route serves MEDIA_ROOT, not even with DEBUG: every stored file is personal (photos, résumés, imports) and is
# answered only by a permission-checked view (portal.uploads.private_file_response).

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Bureau administration")
