"""Model fields for personal data kept encrypted at rest (PIPL), with a keyed hash beside them for lookups.

`EncryptedTextField` encrypts on every write (save, bulk_create, update) and decrypts on every read, so code that
reads or assigns `profile.phone` sees the clear value while the column holds only ciphertext. Ciphertext cannot be
compared, so the field refuses every lookup but "is empty": look a value up through its `KeyedHashField`.
"""

from django import forms
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import lookups
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.validators import normalize_phone, validate_phone


class EncryptedTextField(models.TextField):
    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})  # a short value, not a text area

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else (value if value is None else "")

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name not in ("exact", "isnull"):
            return None  # FieldError: "Unsupported lookup … for EncryptedTextField"
        return super().get_lookup(lookup_name)

    def get_transform(self, name):
        return None


@EncryptedTextField.register_lookup
class EncryptedExact(lookups.Exact):
    """Only `field=""` has a meaning on ciphertext; anything else would silently match nothing."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(f"{self.lhs.target.name} is encrypted: look it up by its keyed hash.")
        return self.rhs


class KeyedHashField(models.CharField):
    """The keyed hash (portal.crypto.keyed_hash) of the normalized value of field `source`, set on each save."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = normalize_phone(getattr(model_instance, self.source) or "")
        digest = crypto.keyed_hash(value) if value else None
        setattr(model_instance, self.attname, digest)
        return digest


class SuffixField(models.CharField):
    """The last `max_length` characters of field `source`, in clear (as printed on masked lists), set on each save."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 4)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = normalize_phone(getattr(model_instance, self.source) or "")[-self.max_length :]
        setattr(model_instance, self.attname, value)
        return value


class EncryptedPhoneMixin(models.Model):
    """A mainland mobile number, encrypted, with its keyed hash (lookup) and last 4 digits (counter search)."""

    phone = EncryptedTextField(_("mobile phone"), max_length=20, blank=True, validators=[validate_phone])
    phone_hash = KeyedHashField(source="phone", db_index=True)
    phone_last4 = SuffixField(source="phone", db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and "phone" in update_fields:  # the derived columns follow the phone
            update_fields = {*update_fields, "phone_hash", "phone_last4"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @classmethod
    def phone_q(cls, phone: str) -> models.Q:
        """Rows whose phone is `phone` (normalized first); matches nothing for an empty value."""
        value = normalize_phone(phone)
        return models.Q(phone_hash=crypto.keyed_hash(value)) if value else models.Q(pk__in=[])
