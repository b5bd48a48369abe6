"""Reads of the one-stop application: each part's own state from its own model, who holds it, and the staff page
where that part is processed."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.onestop.models import BundlePart, OneStopBundle


@dataclass
class PartView:
    part: BundlePart
    label: str
    status: str  # the part's own state (card application status, enrolment status …) or why it was not filed
    holder: str  # who holds it now
    staff_url: str | None  # the part's own staff page


def _of(part: BundlePart):
    return part.target if part.is_filed() and part.object_id else None


def part_view(part: BundlePart) -> PartView:
    K = BundlePart.Kind
    target, status, holder, url = _of(part), part.error, "", None
    if part.is_filed():
        status, holder = _("Recorded; staff will contact you"), _("Bureau staff")
    if target is not None and part.kind == K.CARD:
        status, holder = target.get_status_display(), _("Benefit card office (bureau staff)")
        url = reverse("benefits:application_review", args=[target.pk])
    elif target is not None and part.kind == K.JOBSEEKING:
        status, holder = target.get_employment_status_display(), _("Employment service (bureau staff)")
        url = reverse("portal:staff_veteran_review", args=[target.pk])
    elif target is not None and part.kind == K.TRAINING:
        status, holder = target.get_status_display(), target.training_class.course.institution.name
        url = reverse("training:manage_class", args=[target.training_class_id])
    return PartView(part=part, label=part.get_kind_display(), status=str(status), holder=str(holder), staff_url=url)


def bundles():
    parts = BundlePart.objects.select_related("content_type").prefetch_related("target")
    return OneStopBundle.objects.select_related("veteran__veteran_profile", "acting_staff").prefetch_related(
        Prefetch("parts", queryset=parts)
    )


def bundle_parts(bundle: OneStopBundle) -> list[PartView]:
    return [part_view(p) for p in bundle.parts.all()]
