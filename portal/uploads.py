"""Personal files (card photos, résumés, import files): how they are checked, stored, served and removed.

One place for every door: the services call `image_sanitize` / `resume_prepare` before storing, and the model
fields below do it again for any write that skips a service (the admin), so no upload keeps its EXIF/GPS data or
exceeds the size and pixel limits. Files are never public media: pages answer them through permission-checked views
with `private_file_response`. A file goes with its row (`stored_file_discard`, and the post_delete handler wired in
PortalConfig.ready), once no other row still names it (a card and its application share one photo).
"""

import io
import logging
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.validators import IMAGE_TYPES, validate_licence, validate_photo, validate_resume

logger = logging.getLogger(__name__)

JPEG_QUALITY = 90


# --- images ---------------------------------------------------------------------------------------------------


def _sanitized(content: ContentFile) -> ContentFile:
    content.sanitized = True  # the model fields' pre_save need not re-encode it
    return content


def image_sanitize(upload, *, max_bytes: int | None = None, name: str = "image") -> ContentFile:
    """The upload as a new JPEG (PNG if it has transparency), orientation applied, with no metadata at all (EXIF,
    GPS, XMP, ICC, comments). Raises a translated ValidationError for a file that is too large (bytes or pixels),
    not an accepted image type, or damaged."""
    from PIL import Image, ImageOps

    validate_photo(upload, max_bytes)  # type by content, bytes, and pixels (read from the header) before decoding
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)  # also decodes; the pixel count was checked above
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            clean = image.convert("RGBA" if has_alpha else "RGB")
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("The image is damaged or not a real image."), code="bad_image")
    finally:
        upload.seek(0)
    clean.info = {}  # convert() copies the source's metadata; none of it is written back
    buffer = io.BytesIO()
    if has_alpha:
        clean.save(buffer, "PNG", optimize=True)
        ext = "png"
    else:
        clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
        ext = "jpg"
    return _sanitized(ContentFile(buffer.getvalue(), name=f"{name}.{ext}"))


def resume_prepare(upload):
    """A résumé ready to store: checked by content and size; a scanned image is re-encoded like a photo (a phone's
    JPEG carries where it was taken). PDF and DOCX are stored as sent, under a neutral name."""
    return document_prepare(upload, name="resume")


def document_prepare(upload, *, name: str = "document"):
    """Any personal document (a résumé, a message's attachment) under the résumé's rules: PDF, DOCX or an image,
    checked by content and size, images re-encoded without metadata, stored under the neutral `name`."""
    ext = validate_resume(upload)
    if ext in IMAGE_TYPES.values():
        return image_sanitize(upload, max_bytes=settings.RESUME_MAX_BYTES, name=name)
    upload.seek(0)
    content = ContentFile(upload.read(), name=f"{name}.{ext}")
    upload.seek(0)
    return _sanitized(content)


def licence_prepare(upload):
    """A business licence ready to store: checked by content and size; a photo or scan is re-encoded like any
    photo (no EXIF/GPS); a PDF is stored as sent, under a neutral name."""
    ext = validate_licence(upload)
    if ext in IMAGE_TYPES.values():
        return image_sanitize(upload, max_bytes=settings.LICENCE_MAX_BYTES, name="licence")
    upload.seek(0)
    content = ContentFile(upload.read(), name=f"licence.{ext}")
    upload.seek(0)
    return _sanitized(content)


def _field_errors(check):
    def validator(value):
        # Only a new upload is checked; a stored file was checked when it came in.
        if value and not getattr(value, "_committed", True):
            check(value.file)

    return validator


class SanitizingFieldMixin:
    """On save, a new upload is re-encoded unless a service already did, so writes that skip the services (the
    admin) store a clean file too, and the file it replaces is deleted once the save commits. Its validator gives
    forms (the admin's) the same field error as the services."""

    def sanitize(self, upload):
        raise NotImplementedError

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            if not getattr(file.file, "sanitized", False):
                setattr(model_instance, self.attname, self.sanitize(file.file))
            if model_instance.pk is not None:
                replaced = (
                    type(model_instance)
                    ._default_manager.filter(pk=model_instance.pk)
                    .values_list(self.attname, flat=True)
                    .first()
                )
                stored_file_discard(replaced)  # if no other row names it
        return super().pre_save(model_instance, add)


class SanitizedImageField(SanitizingFieldMixin, models.ImageField):
    default_validators = [_field_errors(lambda upload: validate_photo(upload))]

    def sanitize(self, upload):
        return image_sanitize(upload)


class ResumeField(SanitizingFieldMixin, models.FileField):
    default_validators = [_field_errors(validate_resume)]

    def sanitize(self, upload):
        return resume_prepare(upload)


class DocumentField(SanitizingFieldMixin, models.FileField):
    """A personal document under the résumé's rules (see document_prepare)."""

    default_validators = [_field_errors(validate_resume)]

    def sanitize(self, upload):
        return document_prepare(upload)


class LicenceField(SanitizingFieldMixin, models.FileField):
    default_validators = [_field_errors(validate_licence)]

    def sanitize(self, upload):
        return licence_prepare(upload)


# Image info keys that carry nothing about the person or the device (format details Pillow reports on reading).
_HARMLESS_INFO = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "dpi",
    "progressive",
    "progression",
    "adobe",
    "adobe_transform",
    "transparency",
    "gamma",
    "aspect",
    "interlace",
}


def _has_metadata(image) -> bool:
    return bool(image.getexif()) or any(key not in _HARMLESS_INFO for key in image.info)


def stored_images_sanitize() -> dict:
    """Re-encode the stored images of the sanitizing fields that still carry metadata (files stored before uploads
    were re-encoded): each is written under a new name, every row naming it is pointed at the new file in one
    transaction, and the old file is deleted on commit. Idempotent. Returns counts by outcome."""
    from PIL import Image

    counts = {"sanitized": 0, "clean": 0, "skipped": 0}
    for model, field_name in _file_fields():
        field = model._meta.get_field(field_name)
        if not isinstance(field, SanitizingFieldMixin):
            continue
        names = model._default_manager.exclude(**{field_name: ""}).values_list(field_name, flat=True).distinct()
        for name in names.iterator():
            try:
                with field.storage.open(name, "rb") as handle:
                    data = ContentFile(handle.read(), name=name.rsplit("/", 1)[-1])
                with Image.open(io.BytesIO(data.read())) as image:
                    dirty = _has_metadata(image)
                data.seek(0)
                if not dirty:
                    counts["clean"] += 1
                    continue
                clean = image_sanitize(data, max_bytes=max(data.size, settings.IMAGE_MAX_BYTES), name="image")
            except (OSError, ValidationError, Image.UnidentifiedImageError, Image.DecompressionBombError):
                counts["skipped"] += 1  # missing, not an image (a PDF résumé), or over the pixel limit
                continue
            new_name = field.storage.save(field.generate_filename(None, clean.name), clean)
            with transaction.atomic():
                for other_model, other_field in _file_fields():
                    other_model._default_manager.filter(**{other_field: name}).update(**{other_field: new_name})
                stored_file_discard(name, storage=field.storage)
            counts["sanitized"] += 1
    return counts


# --- serving ----------------------------------------------------------------------------------------------------


def private_file_response(field_file, *, stem: str, as_attachment: bool = True) -> FileResponse:
    """A stored personal file, for a view that has already checked the permission, named `stem` plus the stored
    extension. Never cached, never sniffed into another type by the browser; a missing file is a 404, not a 500."""
    if not field_file:
        raise Http404
    name = field_file.name
    filename = f"{stem}.{name.rsplit('.', 1)[-1]}" if "." in name.rsplit("/", 1)[-1] else stem
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- encrypted files (staff imports) --------------------------------------------------------------------------


def encrypted_content(data: bytes, *, name: str) -> ContentFile:
    """`data` encrypted with the PII key (portal.crypto), to store where a dump or a backup may be read."""
    import base64

    return ContentFile(crypto.encrypt(base64.b64encode(data).decode("ascii")).encode("ascii"), name=name)


def decrypted_file(field_file) -> io.BytesIO:
    """The clear bytes of a file stored with `encrypted_content`, in memory only. Raises ValueError if they cannot
    be decrypted (wrong key, damaged file)."""
    import base64

    with field_file.open("rb") as handle:
        token = handle.read().decode("ascii", errors="replace")
    text = crypto.decrypt(token)
    if not text:
        raise ValueError("the stored file cannot be decrypted")
    return io.BytesIO(base64.b64decode(text))


# --- removal ------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _file_fields() -> tuple:
    return tuple(
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    )


def file_is_referenced(name: str) -> bool:
    return any(model._default_manager.filter(**{field: name}).exists() for model, field in _file_fields())


def stored_file_discard(name: str, *, storage=None) -> None:
    """Delete a stored file once the current transaction commits, if no row names it any more (a rollback keeps it;
    a card and its application, or a card and its replacement, share one photo)."""
    if not name:
        return
    storage = storage or default_storage

    def delete():
        if file_is_referenced(name):
            return
        try:
            storage.delete(name)
        except OSError:  # already gone, or storage unavailable: never fail the write it follows
            logger.warning("could not delete stored file %s", name, exc_info=True)

    transaction.on_commit(delete)


def delete_files_of_deleted_row(sender, instance, **kwargs) -> None:
    """post_delete: the row's files go with it."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.FileField):
            value = getattr(instance, field.attname)
            if value:
                stored_file_discard(value.name, storage=value.storage)


def connect_file_cleanup() -> None:
    from django.db.models.signals import post_delete

    for model, _field in _file_fields():
        post_delete.connect(delete_files_of_deleted_row, sender=model, dispatch_uid=f"file-cleanup-{model._meta.label}")


__all__ = [
    "DocumentField",
    "ResumeField",
    "SanitizedImageField",
    "decrypted_file",
    "document_prepare",
    "encrypted_content",
    "image_sanitize",
    "private_file_response",
    "resume_prepare",
    "stored_file_discard",
]
