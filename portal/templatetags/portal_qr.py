"""Template tags of the QR scanner: the portal's public origin (SITE_URL), so a scanned portal link is opened on
whichever host the phone is using."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_origin() -> str:
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
