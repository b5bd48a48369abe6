"""Values every page needs: site name, the unread-notification count for the header (from the user's cached
record, portal.user_cache), and elder mode."""

from django.conf import settings

from portal.elder import elder_mode_on
from portal.user_cache import user_record


def site(request):
    record = user_record(request.user) if hasattr(request, "user") else None
    return {
        "SITE_NAME": settings.SITE_NAME,
        "BUREAU_NAME": settings.BUREAU_NAME,
        "unread_notifications": record.unread if record else 0,
        "elder_mode": elder_mode_on(request),
    }
