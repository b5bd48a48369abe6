"""Benefit cards (优待证): applications, the cards themselves with their rotating QR tokens, and renewals."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.crypto import mask_name
from portal.people import display_name
from portal.uploads import SanitizedImageField

# A card can be renewed from this many days before it expires (and at any time after).
RENEWAL_WINDOW_DAYS = 60


def photo_upload_to(instance, filename):
    # Never the user's file name: it may carry personal data or path tricks. The extension is the one the
    # re-encoded image was given (portal.uploads.image_sanitize).
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"benefits/photos/{uuid.uuid4().hex}.{ext}"


def new_token_id() -> str:
    """A random, meaningless id the QR tokens refer to (never the card number, never personal data)."""
    return secrets.token_hex(8)


class HolderKind(models.TextChoices):
    VETERAN = "veteran", _("Veteran")
    FAMILY = "family", _("Family member / entitled person")


# The title on each kind of card unless the bureau names it otherwise (settings.BENEFIT_CARD_TITLES).
DEFAULT_CARD_TITLES = {
    HolderKind.VETERAN: _("Veteran benefit card"),
    HolderKind.FAMILY: _("Military family benefit card"),
}


def card_title(holder_kind: str) -> str:
    """优待证 for veterans, 拥军优属卡 for families, or the bureau's own names for them."""
    configured = (getattr(settings, "BENEFIT_CARD_TITLES", None) or {}).get(holder_kind)
    return str(configured or DEFAULT_CARD_TITLES.get(holder_kind, DEFAULT_CARD_TITLES[HolderKind.VETERAN]))


class CardApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[CardApplication.Status.SUBMITTED, CardApplication.Status.CORRECTION])


class CardApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("benefit card", "Awaiting review")
        CORRECTION = "correction", _("Correction requested")
        APPROVED = "approved", pgettext_lazy("benefit card", "Approved")
        REJECTED = "rejected", pgettext_lazy("benefit card", "Rejected")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="card_applications", verbose_name=_("applicant")
    )
    holder_kind = models.CharField(_("applicant type"), max_length=10, choices=HolderKind.choices)
    photo = SanitizedImageField(_("photo"), upload_to=photo_upload_to)
    station = models.ForeignKey(
        "portal.Region", models.PROTECT, related_name="+", verbose_name=_("registration station (region)")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    status_reason = models.CharField(_("reason / note from staff"), max_length=300, blank=True)
    # 代办: a staff member filed this at a service station for the applicant.
    submitted_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by staff on behalf of the applicant"),
    )
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CardApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("card application")
        verbose_name_plural = _("card applications")
        constraints = [
            # One open application per person: a second one while the first is pending is a mistake.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status__in=["submitted", "correction"]),
                name="benefits_one_open_application",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_status_display()}"

    def is_open(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.CORRECTION)

    def progress_steps(self):
        """Submitted → (sent back for correction) → approved or rejected (portal.progress)."""
        from portal.progress import HOLDER_BUREAU, HOLDER_YOU, step

        S = self.Status
        path = [step(S, S.SUBMITTED, HOLDER_BUREAU)]
        if self.status == S.CORRECTION:
            path.append(step(S, S.CORRECTION, HOLDER_YOU))
        path.append(step(S, S.REJECTED, negative=True) if self.status == S.REJECTED else step(S, S.APPROVED))
        return path

    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED


class CardQuerySet(models.QuerySet):
    def current(self):
        """Cards that are still the holder's card (not replaced, revoked or expired)."""
        return self.filter(status__in=[Card.Status.ACTIVE, Card.Status.SUSPENDED])

    def for_holder(self, user):
        return self.filter(holder=user) if user.is_authenticated else self.none()


class Card(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        LOST = "lost", _("Reported lost (replaced)")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", pgettext_lazy("benefit card", "Expired")

    number = models.CharField(_("card number"), max_length=20, unique=True)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="benefit_cards")
    holder_kind = models.CharField(_("holder type"), max_length=10, choices=HolderKind.choices)
    # The name as printed on the card; shown masked to everyone but the holder.
    holder_name = models.CharField(_("holder name"), max_length=50)
    application = models.ForeignKey(CardApplication, models.SET_NULL, null=True, blank=True, related_name="cards")
    photo = SanitizedImageField(_("photo"), upload_to=photo_upload_to)
    station = models.ForeignKey("portal.Region", models.PROTECT, related_name="+", verbose_name=_("station"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(pgettext_lazy("benefit card", "reason"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    token_id = models.CharField(max_length=32, unique=True, default=new_token_id, editable=False)
    previous = models.OneToOneField(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replacement",
        verbose_name=_("replaces card"),
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(pgettext_lazy("benefit card", "issued at"), default=timezone.now)
    expiry_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("benefit card")
        verbose_name_plural = _("benefit cards")
        indexes = [models.Index(fields=["status", "valid_until"], name="benefits_card_status_until")]

    def __str__(self):
        return self.masked_number

    @property
    def masked_name(self) -> str:
        return mask_name(self.holder_name) if self.holder_name else display_name(self.holder)

    @property
    def title(self) -> str:
        return card_title(self.holder_kind)

    @property
    def masked_number(self) -> str:
        return f"{self.number[:4]}****{self.number[-4:]}" if len(self.number) > 8 else "****"

    def verification_status(self, today=None) -> str:
        """What a merchant is told: valid / expired / suspended / revoked."""
        today = today or timezone.localdate()
        if self.status == self.Status.REVOKED:
            return "revoked"
        if self.status in (self.Status.SUSPENDED, self.Status.LOST):
            return "suspended"
        if self.status == self.Status.EXPIRED or self.valid_until < today or self.valid_from > today:
            return "expired"
        return "valid"

    def is_valid(self, today=None) -> bool:
        return self.verification_status(today) == "valid"

    # What staff may do with the card (the card page's buttons and the services ask the same questions).
    def can_be_suspended(self) -> bool:
        return self.status == self.Status.ACTIVE

    def can_be_reinstated(self) -> bool:
        return self.status == self.Status.SUSPENDED

    def can_be_reported_lost(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.SUSPENDED)

    def can_be_revoked(self) -> bool:
        return self.status not in (self.Status.REVOKED, self.Status.LOST)

    @property
    def renewal_opens_on(self):
        """The first day the card can be renewed (RENEWAL_WINDOW_DAYS before it expires)."""
        return self.valid_until - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


class CardRenewalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=CardRenewal.Status.PENDING)


class CardRenewal(models.Model):
    """Renewing a card in place (same number, same codes): a holder's request that staff decide, or a renewal
    staff made at once. Approved rows are the card's renewal history, with the validity before and after."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("benefit card", "Awaiting review")
        APPROVED = "approved", pgettext_lazy("card renewal", "Renewed")
        REJECTED = "rejected", pgettext_lazy("benefit card", "Rejected")

    card = models.ForeignKey(Card, models.CASCADE, related_name="renewals", verbose_name=_("card"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(_("reason / note from staff"), max_length=300, blank=True)
    # The holder asking on the card page or the API, or the staff member who renewed at once.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    old_valid_until = models.DateField(_("valid until before renewal"), null=True, blank=True)
    new_valid_until = models.DateField(_("valid until after renewal"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    objects = CardRenewalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("card renewal")
        verbose_name_plural = _("card renewals")
        constraints = [
            # One pending request per card: asking twice changes nothing, and staff decide each card once.
            models.UniqueConstraint(fields=["card"], condition=Q(status="pending"), name="benefits_one_pending_renewal")
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="benefits_renewal_queue")]

    def __str__(self):
        return f"{self.card} {self.get_status_display()}"

    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED
