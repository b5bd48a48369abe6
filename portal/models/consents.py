"""Consents under PIPL arts. 14, 15 and 29: one row per consent given, with the policy version shown at the time;
withdrawing dates the row, never deletes it, so the record says what was agreed, when and through which channel."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentQuerySet(models.QuerySet):
    def live(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    class Purpose(models.TextChoices):
        # Sensitive personal information (art. 28): asked separately, at the identity step, before it is stored.
        ID_NUMBER = "id_number", _("Processing of my national ID number")
        # Providing personal information to another processor (art. 23): the employer of each position applied to.
        APPLICATION_SHARING = "application_sharing", _("Sharing my applications with the employers I apply to")

    class Channel(models.TextChoices):
        WEB = "web", _("On the website")
        API = "api", _("Through the API")
        COUNTER = "counter", _("At a service counter, recorded by staff")
        PAPER = "paper", _("On a signed paper form, entered by staff")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="consents", verbose_name=_("user"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    policy_version = models.CharField(_("privacy policy version"), max_length=20)
    granted_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    withdrawal_channel = models.CharField(_("withdrawn through"), max_length=10, choices=Channel.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by staff member"),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            # At most one live consent per purpose: a second grant is the same consent, not a new one.
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_live_per_purpose",
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.policy_version})"

    def is_live(self) -> bool:
        return self.withdrawn_at is None
