"""退役一件事: one guided application after registration (退役报到) that files several services at once — a benefit
card application, the job-seeking registration with intentions, a training enrolment, and interest in counselling
or entrepreneurship for staff to follow up. Each part is filed through its own service and keeps a reference to
what it created, whose own state (card application status, enrolment status …) the status page shows. A part that
fails records its error; the others stand. Writes live in portal.onestop.services."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OneStopBundle(models.Model):
    veteran = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="onestop_bundles", verbose_name=_("veteran")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("filed by")
    )
    acting_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff acting for the veteran"),
    )
    available_from = models.DateField(_("available to start work from"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("one-stop application")
        verbose_name_plural = _("one-stop applications")

    def __str__(self):
        return f"#{self.pk}"


class BundlePart(models.Model):
    class Kind(models.TextChoices):
        CARD = "card", _("Benefit card application")
        JOBSEEKING = "jobseeking", _("Job-seeking registration")
        TRAINING = "training", _("Adaptive training enrolment")
        COUNSELLING = "counselling", _("Employment counselling")
        ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship support")

    class State(models.TextChoices):
        FILED = "filed", pgettext_lazy("one-stop part", "Filed")
        FAILED = "failed", pgettext_lazy("one-stop part", "Not filed")

    bundle = models.ForeignKey(OneStopBundle, models.CASCADE, related_name="parts")
    kind = models.CharField(_("part"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    error = models.CharField(_("why it was not filed"), max_length=500, blank=True)
    note = models.CharField(_("note for staff"), max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, models.SET_NULL, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["bundle", "pk"]
        verbose_name = _("one-stop part")
        verbose_name_plural = _("one-stop parts")
        constraints = [models.UniqueConstraint(fields=["bundle", "kind"], name="onestop_one_part_of_each_kind")]

    def __str__(self):
        return f"{self.bundle} {self.get_kind_display()}"

    def is_filed(self) -> bool:
        return self.state == self.State.FILED

    def is_failed(self) -> bool:
        return self.state == self.State.FAILED
