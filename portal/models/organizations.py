"""Organizations (employers, institutions, incubator operators, merchants, banks, bureaus) and their members."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.uploads import LicenceField
from portal.validators import validate_uscc


def licence_upload_to(instance, filename):
    # Never the uploader's file name; the extension is the one the checked file was given.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"licences/{uuid.uuid4().hex}.{ext}"


# What staff confirm against the uploaded licence before verifying an organization (all must hold).
VERIFICATION_CHECKS = {
    "credit_code": _("The unified social credit code on the licence is the registered one"),
    "name": _("The name on the licence matches the registered name"),
    "valid": _("The licence is valid: not expired, revoked or cancelled"),
    "legible": _("The licence is complete and legible"),
}


class OrganizationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Organization.Status.VERIFIED)

    def of_type(self, org_type):
        return self.filter(org_type=org_type)

    def for_user(self, user):
        return self.filter(memberships__user=user) if user.is_authenticated else self.none()


class Organization(models.Model):
    class Type(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        INSTITUTION = "institution", _("Training institution")
        INCUBATOR = "incubator", _("Incubator operator")
        MERCHANT = "merchant", _("Partner merchant")
        BANK = "bank", _("Bank")
        BUREAU = "bureau", _("Veterans affairs bureau")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=120)
    org_type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, null=True, blank=True, validators=[validate_uscc]
    )
    region = models.ForeignKey("portal.Region", models.PROTECT, verbose_name=_("region"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    industry = models.CharField(_("industry"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=300, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    business_licence = LicenceField(
        _("business licence"),
        upload_to=licence_upload_to,
        blank=True,
        help_text=_("营业执照 (or certificate of legal person) as PDF or photo; seen only by your members and staff."),
    )
    licence_valid_until = models.DateField(
        _("licence valid until"), null=True, blank=True, help_text=_("Leave empty for a licence without end date.")
    )
    # {check: true/false} as staff ticked VERIFICATION_CHECKS when they last decided (organization_verify).
    verification_checklist = models.JSONField(_("verification checklist"), default=dict, blank=True)
    # Staff switch (organization_trust_set): a trusted employer's positions skip review (jobs app reads it), and
    # spot_check_percent of them (settings.POSITION_SPOT_CHECK_PERCENT when empty) go to the spot-check queue.
    auto_publish = models.BooleanField(_("trusted to publish without review"), default=False)
    spot_check_percent = models.PositiveSmallIntegerField(
        _("spot-checked share of positions published without review (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED

    def can_publish_without_review(self) -> bool:
        """Only a verified employer may be trusted to publish positions without review (organization_trust_set)."""
        return self.is_verified() and self.org_type == self.Type.EMPLOYER

    def spot_check_share(self) -> int:
        """The percentage of its positions published without review that staff spot-check."""
        if self.spot_check_percent is not None:
            return self.spot_check_percent
        return settings.POSITION_SPOT_CHECK_PERCENT

    def has_member(self, user) -> bool:
        return user.is_authenticated and self.memberships.filter(user=user).exists()


class OrganizationMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization membership")
        verbose_name_plural = _("organization memberships")
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(24)


class OrganizationInvitation(models.Model):
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization invitation")
        verbose_name_plural = _("organization invitations")

    def __str__(self):
        return f"{self.email} → {self.organization}"
