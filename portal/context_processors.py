"""Values every page needs: site name and the unread-notification count for the header."""

from django.conf import settings


def site(request):
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"SITE_NAME": settings.SITE_NAME, "BUREAU_NAME": settings.BUREAU_NAME, "unread_notifications": unread}
