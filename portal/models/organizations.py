"""Organizations (employers, institutions, incubator operators, merchants, banks, bureaus) and their members."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.validators import validate_uscc


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
    # Staff switch: a trusted employer's positions skip review (jobs app reads it).
    auto_publish = models.BooleanField(_("trusted to publish without review"), default=False)
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
