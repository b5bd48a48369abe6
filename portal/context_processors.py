"""Values every page needs: site name, the unread-notification count for the header, and elder mode."""

from django.conf import settings

from portal.elder import elder_mode_on


def site(request):
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {
        "SITE_NAME": settings.SITE_NAME,
        "BUREAU_NAME": settings.BUREAU_NAME,
        "unread_notifications": unread,
        "elder_mode": elder_mode_on(request),
    }
