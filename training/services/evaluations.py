"""Veterans rate a class they completed, once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from training.models import Enrollment, Evaluation


@transaction.atomic
def evaluation_submit(*, enrollment: Enrollment, veteran, rating: int, comment: str = "") -> Evaluation:
    if enrollment.veteran_id != veteran.pk:
        raise AccessDenied(_("This is not your enrolment."), hide=True)
    if not enrollment.is_completed():
        raise ValidationError(_("You can rate a class only after completing it."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    if Evaluation.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("You have already rated this class."))
    try:
        with transaction.atomic():
            return Evaluation.objects.create(enrollment=enrollment, rating=rating, comment=(comment or "")[:1000])
    except IntegrityError as exc:
        raise ValidationError(_("You have already rated this class.")) from exc
