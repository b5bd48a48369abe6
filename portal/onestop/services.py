"""Every write of the one-stop application (退役一件事): `onestop_submit` files each chosen part through that part's
own service — benefits' card_application_submit, portal's veteran_profile_save (job seeking and intentions),
training's enrollment_create — each in its own savepoint, so a part that is refused (ValidationError) or breaks is
recorded on the bundle with its message and the others stand. Counselling and entrepreneurship interest are
recorded as parts with the veteran's note for staff."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits.services.cards import card_application_submit
from portal.choices import EmploymentStatus
from portal.models import AuditLog, VeteranProfile
from portal.onestop.models import BundlePart, OneStopBundle
from portal.services.audit import audit_record
from portal.services.profiles import veteran_profile_save
from training.services.enrolment import enrollment_create

logger = logging.getLogger(__name__)
K = BundlePart.Kind


def _message(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)[:500]


def _file_part(bundle: OneStopBundle, kind: str, action, note: str = "") -> BundlePart:
    """Run one part's service in its own savepoint; its failure is recorded on the part, never raised."""
    part = BundlePart(bundle=bundle, kind=kind, note=note[:300])
    try:
        with transaction.atomic():
            target = action()
    except ValidationError as exc:
        part.state, part.error = BundlePart.State.FAILED, _message(exc)
    except Exception:  # a broken part must not take the others down; it is logged for the developers
        logger.exception("one-stop part %s of bundle %s failed", kind, bundle.pk)
        part.state, part.error = BundlePart.State.FAILED, _("This part could not be filed; please ask the staff.")
    else:
        part.state = BundlePart.State.FILED
        if target is not None:
            part.content_type = ContentType.objects.get_for_model(target)
            part.object_id = target.pk
    part.save()
    return part


def _job_seeking(veteran_user, categories, regions):
    data = {
        "employment_status": EmploymentStatus.SEEKING,
        "desired_categories": list(categories),
        "desired_regions": list(regions),
    }
    return veteran_profile_save(user=veteran_user, data=data)


@transaction.atomic
def onestop_submit(
    *,
    veteran_user,
    created_by,
    acting_staff=None,
    photo=None,
    station=None,
    desired_categories=(),
    desired_regions=(),
    available_from=None,
    training_class=None,
    counselling: bool = False,
    entrepreneurship: bool = False,
    note: str = "",
) -> OneStopBundle:
    """File a one-stop application for a registered veteran (退役报到 done). The card part is filed when a photo is
    given, the enrolment when a class is chosen; the job-seeking registration always. `acting_staff` is the staff
    member filing it at the counter (代办); the calling view records the act."""
    if not VeteranProfile.objects.filter(user=veteran_user).exists():
        raise ValidationError(_("Register as a veteran (退役报到) before the one-stop application."))
    note = (note or "").strip()
    if (counselling or entrepreneurship) and len(note) > 300:
        raise ValidationError({"note": _("Keep the note to staff within 300 characters.")})
    if available_from and available_from < timezone.localdate():
        raise ValidationError({"available_from": _("The date you can start work cannot be in the past.")})
    bundle = OneStopBundle.objects.create(
        veteran=veteran_user, created_by=created_by, acting_staff=acting_staff, available_from=available_from
    )
    if photo is not None:
        _file_part(
            bundle,
            K.CARD,
            lambda: card_application_submit(
                applicant=veteran_user, photo=photo, station=station, acting_staff=acting_staff
            ),
        )
    _file_part(bundle, K.JOBSEEKING, lambda: _job_seeking(veteran_user, desired_categories, desired_regions))
    if training_class is not None:
        _file_part(bundle, K.TRAINING, lambda: enrollment_create(training_class=training_class, veteran=veteran_user))
    if counselling:
        _file_part(bundle, K.COUNSELLING, lambda: None, note)
    if entrepreneurship:
        _file_part(bundle, K.ENTREPRENEURSHIP, lambda: None, note)
    audit_record(
        actor=created_by,
        action=AuditLog.Action.OTHER,
        target=bundle,
        detail={"onestop": "submitted", "parts": {p.kind: p.state for p in bundle.parts.all()}},
    )
    return bundle
