"""Mobile numbers kept encrypted at rest (PIPL), as national ID numbers are: a Fernet token in `phone_encrypted`, the
keyed hash of the normalized number in `phone_hash` (lookup), its last 4 digits in `phone_last4` (counter search).

`phone` is a property: reading decrypts, assigning (also `Model(phone=…)`, so bulk inserts are covered) encrypts and
sets the hash. It is not a column, so `filter(phone=…)` or `update(phone=…)` fail loudly instead of comparing
ciphertext. The `*_encrypted` name is the convention by which key rotation finds every encrypted column.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.validators import normalize_phone, validate_phone

PHONE_MAX_LENGTH = 20


def phone_columns(value: str) -> dict:
    """The stored columns for a phone number (for bulk writes that bypass the model)."""
    value = (value or "").strip()
    normalized = normalize_phone(value)
    return {
        "phone_encrypted": crypto.encrypt(value) if value else "",
        "phone_hash": crypto.keyed_hash(normalized) if normalized else None,
        "phone_last4": normalized[-4:],
    }


class EncryptedPhoneMixin(models.Model):
    phone_encrypted = models.TextField(_("mobile phone (encrypted)"), blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, null=True, blank=True, editable=False, db_index=True)
    phone_last4 = models.CharField(max_length=4, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and "phone" in update_fields:  # the property's columns
            update_fields = {*update_fields, "phone_encrypted", "phone_hash", "phone_last4"} - {"phone"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def phone(self) -> str:
        token = self.phone_encrypted
        cached = self.__dict__.get("_phone_clear")
        if cached is None or cached[0] != token:  # decrypt once per stored value (refresh_from_db changes it)
            cached = (token, crypto.decrypt(token) if token else "")
            self.__dict__["_phone_clear"] = cached
        return cached[1]

    @phone.setter
    def phone(self, value) -> None:
        if (value or "").strip() == self.phone:
            return  # unchanged: keep the stored token
        for column, stored in phone_columns(value).items():
            setattr(self, column, stored)

    @classmethod
    def phone_q(cls, phone: str) -> models.Q:
        """Rows whose phone is `phone` (normalized first); matches nothing for an empty value."""
        value = normalize_phone(phone)
        return models.Q(phone_hash=crypto.keyed_hash(value)) if value else models.Q(pk__in=[])

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "phone" not in (exclude or ()) and self.phone:
            try:
                validate_phone(self.phone)
            except ValidationError as exc:
                errors.setdefault("phone", []).extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
