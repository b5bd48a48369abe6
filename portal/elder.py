"""Elder mode (适老化, after MIIT's 互联网网站适老化通用设计规范): larger text and controls, higher contrast and a
short menu of the role's main tasks. The choice lives in a cookie, so the server draws the page in it from the
first byte (no flash of small text), and, for a signed-in person, on the account (User.elder_mode), so it follows
them to a new browser. The cookie is this browser's latest choice and wins; without one, the account's applies."""

COOKIE = "elder_mode"
COOKIE_MAX_AGE = 365 * 24 * 3600


def elder_mode_on(request) -> bool:
    value = request.COOKIES.get(COOKIE)
    if value in ("0", "1"):
        return value == "1"
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.elder_mode)


def remember(response, on: bool) -> None:
    """Set the browser's cookie (read by the page's scripts too, so not HttpOnly; it holds no secret)."""
    response.set_cookie(COOKIE, "1" if on else "0", max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=False)
