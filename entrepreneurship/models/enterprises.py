"""Veteran enterprises (军创企业): a startup project or a registered company founded by a veteran."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnterpriseQuerySet(models.QuerySet):
    def of_founder(self, user):
        return self.filter(founder=user) if user.is_authenticated else self.none()


class Enterprise(models.Model):
    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea / project")
        REGISTERED = "registered", _("Registered company")
        OPERATING = "operating", _("Operating company")

    founder = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="enterprises", verbose_name=_("founder")
    )
    name = models.CharField(pgettext_lazy("entrepreneurship", "name"), max_length=120)
    industry = models.CharField(_("industry"), max_length=60)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA, db_index=True)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Required once the company is registered."),
    )
    region = models.ForeignKey("portal.Region", models.PROTECT, null=True, blank=True, verbose_name=_("region"))
    description = models.TextField(_("description"), blank=True)
    team = models.TextField(_("team"), blank=True, help_text=_("Founders and key members, one per line."))
    team_size = models.PositiveIntegerField(_("team size"), default=1)
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    funding_needs = models.DecimalField(_("funding needs (yuan)"), max_digits=12, decimal_places=2, default=0)
    # Set when the registered company became an employer organization (it then posts positions in the jobs app).
    organization = models.OneToOneField(
        "portal.Organization",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="veteran_enterprise",
        verbose_name=_("employer organization"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("veteran enterprise")
        verbose_name_plural = _("veteran enterprises")

    def __str__(self):
        return self.name

    def is_registered(self) -> bool:
        return self.stage in (self.Stage.REGISTERED, self.Stage.OPERATING)

    def can_become_employer(self) -> bool:
        return self.is_registered() and bool(self.uscc) and self.organization_id is None
