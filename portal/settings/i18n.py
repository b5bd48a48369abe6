"""Languages, catalogues and time: Chinese first, English complete."""

from .environment import BASE_DIR

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Every project catalogue is a locale path, not only an app's: Django merges LOCALE_PATHS over all apps' catalogues
# (the first path winning), so the project's own wording beats Django's and allauth's for the same msgid ("Sessions"
# is 课时 here, not django.contrib.sessions' 会话). The order is tests/test_translations.py's PRECEDENCE.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "jobs" / "locale",
    BASE_DIR / "jobs" / "matching" / "locale",
    BASE_DIR / "training" / "locale",
    BASE_DIR / "entrepreneurship" / "locale",
    BASE_DIR / "benefits" / "locale",
]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# One date style on every page and in both languages (2026-05-01, 2026-05-01 14:30): portal/formats overrides
# Django's locale formats (2026年5月1日, May 1, 2026), so a date shown without an explicit format matches the rest.
FORMAT_MODULE_PATH = ["portal.formats"]
