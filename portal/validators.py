"""Validators for Chinese identifiers and uploaded files. Errors are translated and say what to fix."""

import datetime
import functools
import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum import numdb
from stdnum.cn import ric, uscc

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


# GB 11643-1999 resident ID numbers. The first six digits are the GB/T 2260 code of the district that issued the
# number, which need not have existed in the holder's birth year (a number issued in 1985 by 福州鼓楼区 for someone
# born in 1950 is valid), so a code counts if the table has listed it at any time. python-stdnum's table holds that
# history; stdnum.cn.ric.validate instead demands the code existed in the birth year, which refuses real numbers.
ID_NUMBER_RE = re.compile(r"^[0-9]{17}[0-9X]$")
FIRST_GENERATION_RE = re.compile(r"^[0-9]{15}$")
# What people type around a number: spaces (also the ideographic one), dashes, full-width digits and X.
ID_INPUT_FOLD = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "X", **dict.fromkeys(" \t\u3000-－", None)}
)
ID_OLDEST_BIRTH_YEAR = 1900  # nobody living was born earlier; a year before it is a typo


@functools.cache
def district_codes_ever_listed() -> frozenset[str]:
    """Every six-digit GB/T 2260 code python-stdnum's table has listed at any time (current and abolished)."""
    codes = set()
    for _length, low, high, _props, counties in numdb.get("cn/loc").prefixes:
        for _length, county_low, county_high, props, _children in counties:
            if "county" not in props:
                continue
            for province in range(int(low), int(high) + 1):
                for county in range(int(county_low), int(county_high) + 1):
                    codes.add(f"{province:02d}{county:04d}")
    return frozenset(codes)


def id_number_birth_date(number: str) -> datetime.date:
    """The birth date a well-formed 18-character number encodes (digits 7-14). Raises ValueError if not a date."""
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def normalize_id_number(value: str, *, today: datetime.date | None = None) -> str:
    """Validate a resident ID number (GB 11643-1999) and return it in canonical form (upper-case X, no spaces).

    Accepted when it has 18 characters, its check digit is right, its birth date is a real date from 1900 on and
    not in the future, and its first six digits are a district code GB/T 2260 has listed at any time (whatever the
    birth year). No minimum age: children of martyrs and military families hold numbers too; age rules belong to
    the service that needs them. Each cause has its own message."""
    number = (value or "").translate(ID_INPUT_FOLD).upper()
    if len(number) == 15 and FIRST_GENERATION_RE.match(number):
        raise ValidationError(
            _(
                "This is a 15-digit first-generation ID number, which is no longer in use; "
                "please enter the 18-digit number on the current ID card."
            ),
            code="first_generation",
        )
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)s."), params={"count": len(number)}, code="length"
        )
    if not ID_NUMBER_RE.match(number):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or the letter X."),
            code="format",
        )
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(_("The ID number's check digit is wrong; please check each digit."), code="checksum")
    try:
        birth = id_number_birth_date(number)
    except ValueError:
        raise ValidationError(
            _("The birth date in the ID number (digits 7–14: %(digits)s) is not a real date."),
            params={"digits": number[6:14]},
            code="birth_date",
        )
    if birth > (today or timezone.localdate()):
        raise ValidationError(
            _("The birth date in the ID number (%(date)s) is in the future."),
            params={"date": birth.isoformat()},
            code="birth_date_future",
        )
    if birth.year < ID_OLDEST_BIRTH_YEAR:
        raise ValidationError(
            _("The birth date in the ID number (%(date)s) is before %(year)s; please check the year."),
            params={"date": birth.isoformat(), "year": ID_OLDEST_BIRTH_YEAR},
            code="birth_date_too_old",
        )
    if number[:6] not in district_codes_ever_listed():
        raise ValidationError(
            _("The first six digits (%(code)s) are not a district code that has ever been listed in GB/T 2260."),
            params={"code": number[:6]},
            code="district",
        )
    return number


def validate_id_number(value: str) -> None:
    normalize_id_number(value)


def normalize_uscc(value: str) -> str:
    value = (value or "").strip().upper()
    try:
        return uscc.validate(value)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(_("The unified social credit code's check digit is wrong."), code="checksum")
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("This is not a valid unified social credit code (18 characters)."), code="invalid")


def validate_uscc(value: str) -> None:
    normalize_uscc(value)


def normalize_phone(value) -> str:
    """Spaces and dashes dropped, a +86 / 0086 prefix removed, a phone typed as a number in Excel (…".0") read."""
    text = str(value or "").strip().replace(" ", "").replace("-", "")
    if text.endswith(".0"):
        text = text[:-2]
    for prefix in ("+86", "0086"):
        if text.startswith(prefix) and len(text) == len(prefix) + 11:
            text = text[len(prefix) :]
    return text


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(value or ""):
        raise ValidationError(_("Enter an 11-digit mainland mobile number."), code="phone")


RESUME_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
# A business licence (营业执照) or certificate of legal person: the PDF from the e-licence app, or a photo or scan.
LICENCE_TYPES = {"application/pdf": "pdf", **IMAGE_TYPES}


def sniff_upload(upload, allowed: dict, max_bytes: int) -> str:
    """Check an upload by its content (magic bytes), not its name. Returns the extension to store it under."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            params={"size": round(upload.size / 1048576, 1), "limit": round(max_bytes / 1048576, 1)},
            code="too_large",
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None and head.startswith(b"PK"):
        # DOCX is a zip; filetype needs the whole archive directory to tell it apart.
        kind = filetype.guess(upload.read())
        upload.seek(0)
    if kind is None or kind.mime not in allowed:
        raise ValidationError(
            _("This file's content is not an accepted type (%(types)s)."),
            params={"types": ", ".join(sorted(set(allowed.values()))).upper()},
            code="bad_type",
        )
    if kind.mime in IMAGE_TYPES:
        _verify_image(upload)
    return allowed[kind.mime]


def _verify_image(upload) -> None:
    """A real image of at most settings.IMAGE_MAX_PIXELS. The dimensions are read from the header before
    anything is decoded, so a small file declaring a huge image (a decompression bomb) costs nothing."""
    from PIL import Image

    try:
        with Image.open(upload) as image:
            _check_pixels(*image.size)
            image.verify()
    except Image.DecompressionBombError:  # Pillow's own guard, at twice Image.MAX_IMAGE_PIXELS, fired on open
        raise _too_many_pixels()
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("The image is damaged or not a real image."), code="bad_image")
    finally:
        upload.seek(0)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image is too large (more than %(limit)s megapixels); send a smaller photo."),
        params={"limit": round(settings.IMAGE_MAX_PIXELS / 1_000_000)},
        code="too_many_pixels",
    )


def _check_pixels(width: int, height: int) -> None:
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels()


def validate_resume(upload) -> str:
    return sniff_upload(upload, RESUME_TYPES, settings.RESUME_MAX_BYTES)


def validate_licence(upload) -> str:
    return sniff_upload(upload, LICENCE_TYPES, settings.LICENCE_MAX_BYTES)


def validate_photo(upload, max_bytes: int | None = None) -> str:
    return sniff_upload(upload, IMAGE_TYPES, max_bytes or settings.IMAGE_MAX_BYTES)
