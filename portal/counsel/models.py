"""心理咨询 and 法律援助/劳动争议调解: a veteran (or family member) asks for help; a staff member assigns a provider
(a user whom staff marked as counsellor or lawyer, optionally of an organization) and becomes the request's
assigned staff member; the requester books one of the provider's slots; the provider writes outcome notes (some
marked shareable with the requester) and closes; the requester rates 1–5.

Content (description, preferred times, notes) is read only by the requester, the assigned provider and the
assigned staff member (portal.counsel.permissions), each read audited. Writes live in portal.counsel.services."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    COUNSELLING = "counselling", _("Psychological counselling")
    LEGAL = "legal", _("Legal aid / labour dispute mediation")


class Provider(models.Model):
    class Kind(models.TextChoices):
        COUNSELLOR = "counsellor", _("Counsellor")
        LAWYER = "lawyer", _("Lawyer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="counsel_provider", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    organization = models.ForeignKey(
        "portal.Organization", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organization")
    )
    active = models.BooleanField(_("active"), default=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("counsellor or lawyer")
        verbose_name_plural = _("counsellors and lawyers")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.get_kind_display()})"

    def serves(self, kind: str) -> bool:
        return (self.kind == self.Kind.COUNSELLOR) == (kind == Kind.COUNSELLING)


class Slot(models.Model):
    provider = models.ForeignKey(Provider, models.CASCADE, related_name="slots", verbose_name=_("provider"))
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    place = models.CharField(pgettext_lazy("counsel", "place"), max_length=200)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        constraints = [models.UniqueConstraint(fields=["provider", "starts_at"], name="counsel_one_slot_per_time")]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class CounselRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("counsel", "Waiting for a provider")
        ASSIGNED = "assigned", pgettext_lazy("counsel", "Provider assigned")
        BOOKED = "booked", pgettext_lazy("counsel", "Appointment booked")
        CLOSED = "closed", pgettext_lazy("counsel", "Closed")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="counsel_requests", verbose_name=_("requester")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=2000)
    preferred_times = models.CharField(_("preferred times"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    provider = models.ForeignKey(
        Provider, models.PROTECT, null=True, blank=True, related_name="requests", verbose_name=_("provider")
    )
    assigned_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("staff")
    )
    # One request per slot: the unique constraint that, with select_for_update, stops double-booking.
    slot = models.OneToOneField(
        Slot, models.PROTECT, null=True, blank=True, related_name="booking", verbose_name=_("appointment")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("counselling or legal aid request")
        verbose_name_plural = _("counselling and legal aid requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="counsel_rating_1_to_5",
            )
        ]

    def __str__(self):  # no content: the admin and the audit log show this
        return f"#{self.pk} {self.get_kind_display()}"

    def can_be_booked(self) -> bool:
        """A provider is assigned and no appointment is booked yet (request_book)."""
        return self.status == self.Status.ASSIGNED

    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def can_be_rated(self) -> bool:
        """Closed and not rated yet (request_rate)."""
        return self.is_closed() and self.rating is None


class OutcomeNote(models.Model):
    request = models.ForeignKey(CounselRequest, models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("outcome note"), max_length=4000)
    shareable = models.BooleanField(_("shared with the requester"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outcome note")
        verbose_name_plural = _("outcome notes")

    def __str__(self):
        return f"#{self.request_id} note {self.pk}"
