"""Signed "scan to apply" links of fair booths.

A booth's QR code leads to /jobs/fairs/<fair>/booths/<booth>/?scan=<token>, the token a TimestampSigner signature
over the fair's and the booth's ids. An application is recorded as scanned only when it carries a token the portal
issued for a booth bringing that position (application_submit checks it), so "scan" cannot be claimed by posting a
form field. A token is honoured for FAIR_SCAN_LINK_MAX_AGE_DAYS after it was issued — long enough for a poster
printed before the fair to last through it — and never once its fair is over.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from jobs.models import Booth

SCAN_LINK_SALT = "jobs.booth-scan-link"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SCAN_LINK_SALT, algorithm="sha256")


def booth_scan_token(booth: Booth) -> str:
    return _signer().sign(f"{booth.fair_id}.{booth.pk}")


def booth_scan_token_read(token: str) -> tuple[int, int] | None:
    """(fair id, booth id) inside a genuine token no older than the maximum age; None for a forged, altered,
    stale or empty one (the caller then treats the visit as an ordinary one, it is not an error)."""
    max_age = datetime.timedelta(days=settings.FAIR_SCAN_LINK_MAX_AGE_DAYS)
    try:
        value = _signer().unsign((token or "").strip(), max_age=max_age)
    except signing.BadSignature:  # SignatureExpired included
        return None
    fair_id, _dot, booth_id = value.partition(".")
    if not (fair_id.isdigit() and booth_id.isdigit()):
        return None
    return int(fair_id), int(booth_id)


def booth_scan_path(booth: Booth) -> str:
    """The booth page's address with a fresh signed token, as the employer's booth page shows it."""
    return (
        reverse("jobs:booth_page", args=[booth.fair_id, booth.pk]) + "?" + urlencode({"scan": booth_scan_token(booth)})
    )


def booth_scan_url(booth: Booth) -> str:
    """The absolute address the booth's QR code holds."""
    return settings.SITE_URL.rstrip("/") + booth_scan_path(booth)
