"""Veterans' ratings of a class they completed."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from training.models.enrolment import Enrollment


class Evaluation(models.Model):
    enrollment = models.OneToOneField(
        Enrollment, models.CASCADE, related_name="evaluation", verbose_name=_("enrolment")
    )
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="training_evaluation_rating_1_5")
        ]

    def __str__(self):
        return f"{self.enrollment}: {self.rating}"
