"""Values every page needs: site name, the unread-notification count for the header (from the user's cached
record, portal.user_cache), elder mode, and the key the header's menus are kept rendered under (base.html)."""

from django.conf import settings

from portal.cache import hole_context, rendering_with_holes
from portal.elder import elder_mode_on
from portal.user_cache import user_record


def site(request):
    record = user_record(request.user) if hasattr(request, "user") else None
    values = {
        "SITE_NAME": settings.SITE_NAME,
        "BUREAU_NAME": settings.BUREAU_NAME,
        "unread_notifications": record.unread if record else 0,
        "elder_mode": elder_mode_on(request),
        "header_cache_key": _header_cache_key(request, record),
    }
    if rendering_with_holes(request):  # a page shared between signed-in users (portal.cache): markers, filled later
        values.update(hole_context())
    return values


def _header_cache_key(request, record) -> str:
    """Visitors all see the same menus; a signed-in user's follow their record (a new generation on every change
    the menus show). Empty (render afresh) when there is no generation to key on."""
    if record is None:
        return "" if getattr(request, "user", None) is None or request.user.is_authenticated else "visitor"
    return f"{request.user.pk}:{record.generation}" if record.generation else ""
