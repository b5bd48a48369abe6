"""The portal's QR codes, drawn with segno (no external service): benefit cards, fair tickets, booth posters and
class check-in all go through here, so every code has the same size, quiet zone and error correction.

Each code holds an HTTPS link to the portal (`portal_link`), so a phone's own camera or WeChat's scanner opens the
right page; the portal's scanner reads the token back out of the link (`token_from_scan`)."""

import io
from urllib.parse import parse_qs, unquote, urlsplit

import segno
from django.conf import settings

ERROR_LEVEL = "m"  # survives a scratched print or a cracked phone screen, still small enough for a phone
BORDER = 2


def _make(data: str):
    return segno.make(data, error=ERROR_LEVEL)


def qr_svg(data: str, scale: int = 6, title: str | None = None) -> str:
    """Inline <svg> markup."""
    buffer = io.BytesIO()
    _make(data).save(buffer, kind="svg", scale=scale, border=BORDER, xmldecl=False, svgns=True, title=title)
    return buffer.getvalue().decode()


def qr_data_uri(data: str, scale: int = 6) -> str:
    """A data: URI of an SVG image, for an <img> that JavaScript swaps as the code rotates."""
    return _make(data).svg_data_uri(scale=scale, border=BORDER)


def qr_png(data: str, scale: int = 8) -> bytes:
    """PNG bytes, for PDFs and for tests that film the code."""
    buffer = io.BytesIO()
    _make(data).save(buffer, kind="png", scale=scale, border=BORDER + 2)
    return buffer.getvalue()


def portal_link(path: str) -> str:
    """The absolute address of a portal path (SITE_URL, the address phones reach)."""
    return settings.SITE_URL.rstrip("/") + path


def token_from_scan(raw: str, *, query_key: str | None = None) -> str:
    """What a scanner or a typing cashier gave us, reduced to the token: a portal link is cut down to its last path
    segment (or its `query_key` parameter); anything else is returned stripped. Never raises."""
    text = (raw or "").strip()[:500]
    if not text.lower().startswith(("http://", "https://")):
        return text
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if query_key:
        values = parse_qs(parts.query).get(query_key)
        if values:
            return values[0].strip()
    segments = [s for s in parts.path.split("/") if s]
    return unquote(segments[-1]) if segments else ""
