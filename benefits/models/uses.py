"""Uses of a card at a merchant's counter, one row per verified use."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits.models.cards import Card
from benefits.models.merchants import Merchant, Offer


class CardUse(models.Model):
    """One use of a card at a merchant. (card, merchant, minute) is unique: a double scan records one use."""

    card = models.ForeignKey(Card, models.CASCADE, related_name="uses", verbose_name=_("card"))
    merchant = models.ForeignKey(Merchant, models.CASCADE, related_name="uses", verbose_name=_("merchant"))
    offer = models.ForeignKey(Offer, models.SET_NULL, null=True, blank=True, related_name="uses")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("merchant staff")
    )
    used_at = models.DateTimeField(_("used at"), default=timezone.now, db_index=True)
    minute_bucket = models.BigIntegerField(editable=False)

    class Meta:
        ordering = ["-used_at"]
        verbose_name = _("card use")
        verbose_name_plural = _("card uses")
        constraints = [
            models.UniqueConstraint(fields=["card", "merchant", "minute_bucket"], name="benefits_one_use_per_minute")
        ]
        indexes = [models.Index(fields=["merchant", "-used_at"], name="benefits_use_merchant_time")]

    def __str__(self):
        return f"{self.card} @ {self.merchant} {self.used_at:%Y-%m-%d %H:%M}"
