"""The custom user. Roles are Django groups, so permissions stay in one familiar place."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from portal.models.fields import EncryptedPhoneMixin
from portal.people import DELETED_USER, display_name

# Where portal.user_cache keeps the user's cached record on the user object for the rest of a request.
CACHED_RECORD_ATTRIBUTE = "_portal_user_record"


class Role(models.TextChoices):
    """Group names for the portal's roles. `portal.roles.ensure_role_groups` creates them with their permissions."""

    VETERAN = "veteran", _("Veteran")
    FAMILY = "family", _("Military family member")
    EMPLOYER = "employer", _("Employer member")
    INSTITUTION = "institution", _("Training institution member")
    MENTOR = "mentor", _("Entrepreneurship mentor")
    INCUBATOR = "incubator", _("Incubator operator member")
    MERCHANT = "merchant", _("Partner merchant member")
    BANK = "bank", _("Bank member")
    STAFF = "staff", _("Bureau staff")


class User(EncryptedPhoneMixin, AbstractUser):
    language = models.CharField(_("preferred language"), max_length=10, default="zh-hans")
    # Set when the account is erased: personal data gone, statistics keep their foreign keys.
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)
    # Raised by "sign out everywhere": it is part of the session hash, so every existing session stops working.
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # The mobile number was confirmed with an SMS code (or by claiming an invitation sent to it): it signs in.
    phone_verified = models.BooleanField(_("mobile number verified"), default=False, editable=False)
    # 适老化: larger text and controls, higher contrast, a short menu. Set through portal.services.preferences; the
    # browser's cookie (portal.elder) carries the same choice for visitors and before sign-in.
    elder_mode = models.BooleanField(_("elder mode"), default=False, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A number signs in to one account only; unverified copies (a typo, a shared family phone) may repeat.
            models.UniqueConstraint(
                fields=["phone_hash"], condition=models.Q(phone_verified=True), name="unique_verified_user_phone"
            )
        ]

    def __str__(self):
        if self.is_erased:
            return str(DELETED_USER)
        return self.get_full_name() or self.username

    @property
    def is_erased(self) -> bool:
        """The account was deleted: no name left, only the rows statistics count."""
        return self.anonymized_at is not None

    @property
    def display_name(self) -> str:
        """The name other people see (masked, or "Deleted user"): portal.people.display_name."""
        return display_name(self)

    def can_be_invited_to_claim(self) -> bool:
        """An account staff created that nobody has claimed yet (no usable password), still open: the invitation
        to claim it may be sent, or sent again (portal.services.claims.account_invitation_send)."""
        return not self.has_usable_password() and not self.is_erased and self.is_active

    def _get_session_auth_hash(self, secret=None):
        # Django signs sessions with a hash of the password (a new password ends other sessions); the generation
        # makes "sign out everywhere" do the same without a new password. Generation 0 keeps Django's own hash,
        # so existing sessions survive the upgrade.
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "portal.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def role_names(self) -> set[str]:
        """The user's role groups: from the cached record this request's user came with (portal.user_cache, made
        stale by every group change), else one query; kept on the object either way."""
        if not hasattr(self, "_role_names"):
            record = getattr(self, CACHED_RECORD_ATTRIBUTE, None)
            if record is not None:
                self._role_names = set(record.roles)
            else:
                self._role_names = set(self.groups.values_list("name", flat=True)) if self.pk else set()
        return self._role_names

    def has_role(self, role: str) -> bool:
        if role == Role.STAFF and self.is_staff:
            return True
        return role in self.role_names()

    @property
    def is_bureau_staff(self) -> bool:
        return self.is_active and (self.is_staff or Role.STAFF in self.role_names())
