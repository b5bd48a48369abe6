"""Invitations to claim an account that staff created (bulk import, 代办): the person sets a password after
confirming the last six characters of their ID number. Only the token's hash is stored."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountInvitationQuerySet(models.QuerySet):
    def open(self, now=None):
        return self.filter(claimed_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class AccountInvitation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting to be claimed")
        CLAIMED = "claimed", pgettext_lazy("account claim", "Claimed")
        EXPIRED = "expired", _("Expired")
        LOCKED = "locked", _("Locked (too many wrong attempts)")
        REPLACED = "replaced", _("Replaced by a newer invitation")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="account_invitations", verbose_name=_("account")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_by_email = models.BooleanField(_("sent by e-mail"), default=False)
    sent_by_sms = models.BooleanField(_("sent by text message"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    failed_attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    objects = AccountInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("account invitation")
        verbose_name_plural = _("account invitations")

    def __str__(self):
        return str(self.user)

    def is_locked(self) -> bool:
        return self.failed_attempts >= settings.ACCOUNT_CLAIM_MAX_ATTEMPTS

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def status(self) -> str:
        if self.claimed_at:
            return self.Status.CLAIMED
        if self.revoked_at:
            return self.Status.REPLACED
        if self.is_locked():
            return self.Status.LOCKED
        if self.is_expired():
            return self.Status.EXPIRED
        return self.Status.OPEN

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)
