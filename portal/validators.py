"""Validators for Chinese identifiers and uploaded files. Errors are translated and say what to fix."""

import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric, uscc

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_id_number(value: str) -> str:
    """Validate a resident ID number (GB 11643-1999) and return it in canonical form (upper-case X)."""
    value = (value or "").strip().upper()
    try:
        return ric.validate(value)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(_("The ID number's check digit is wrong; please check each digit."), code="checksum")
    except stdnum_exceptions.InvalidLength:
        raise ValidationError(_("An ID number has 18 characters."), code="length")
    except stdnum_exceptions.InvalidComponent:
        raise ValidationError(_("The ID number contains an invalid birth date or region code."), code="component")
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("This is not a valid ID number."), code="invalid")


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


def validate_photo(upload, max_bytes: int | None = None) -> str:
    return sniff_upload(upload, IMAGE_TYPES, max_bytes or settings.IMAGE_MAX_BYTES)
