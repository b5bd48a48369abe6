"""Browser security headers: Content-Security-Policy (django-csp) and Permissions-Policy (portal.middleware)."""

from csp.constants import NONE, SELF, UNSAFE_INLINE

from .environment import env

# Content-Security-Policy (django-csp): scripts only from our own static files, never inline or eval'd; pages keep their
# behaviour in static JS driven by data- attributes (tests/portal/test_security_headers.py scans the templates).
# Styles keep 'unsafe-inline': the Django admin and Swagger UI ship inline <style> and style attributes, and a few
# pages set widths (progress bars) inline; injected CSS cannot run code. QR codes are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Where browsers send violation reports (the bureau's collector), if anywhere.
if env("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env("CSP_REPORT_URI")]
# Permissions-Policy (portal.middleware): every powerful feature off; the camera only for the pages with a QR scanner,
# which widen it with @portal.middleware.permissions_policy(camera=["self"]).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
