"""Intents to hire recorded at a fair's booth for a checked-in veteran: the veteran's application is created (with
their sharing consent) or advanced to "intent reached"."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobs.models import Application, Booth, FairRegistration, IntentRecord, Position
from jobs.permissions import can_manage_booth
from jobs.services.applications import EMPLOYER_MOVES, application_submit, application_transition
from portal.exceptions import AccessDenied
from portal.models import Consent


@transaction.atomic
def intent_record(
    *, booth: Booth, registration: FairRegistration, position: Position, actor, share_consent: bool, note: str = ""
):
    """Record an intent to hire at a booth; creates the veteran's application or advances it to "intent reached".
    A new application needs the veteran's sharing consent: given in person at the booth (`share_consent`, recorded
    as taken by `actor`) or live already."""
    if not can_manage_booth(actor, booth):
        raise AccessDenied(_("This booth belongs to another employer."), hide=True)
    booth = Booth.objects.select_related("fair").get(pk=booth.pk)
    registration = FairRegistration.objects.select_related("user").get(pk=registration.pk)
    if booth.status != Booth.Status.APPROVED:
        raise ValidationError(_("This booth has not been approved."))
    if registration.fair_id != booth.fair_id or not registration.checked_in_at:
        raise ValidationError(_("The veteran has not checked in at this fair."))
    if not booth.positions.filter(pk=position.pk).exists():
        raise ValidationError({"position": _("This position is not offered at your booth.")})
    if IntentRecord.objects.filter(registration=registration, position=position).exists():
        raise ValidationError(_("An intent for this veteran and position is already recorded."))
    veteran = registration.user
    application = Application.objects.filter(position=position, veteran=veteran).first()
    if application is None:
        application = application_submit(
            position=position,
            veteran=veteran,
            share_consent=share_consent,
            channel=Consent.Channel.COUNTER,
            recorded_by=actor,
            note=note,
            fair=booth.fair,
        )
    if Application.Status.INTENT in EMPLOYER_MOVES.get(application.status, set()):
        application = application_transition(
            application=application, actor=actor, to_status=Application.Status.INTENT, note=note
        )
    elif application.status != Application.Status.INTENT:
        raise ValidationError(
            _("The application is “%(status)s” and cannot move to intent.")
            % {"status": application.get_status_display()}
        )
    return IntentRecord.objects.create(
        booth=booth,
        registration=registration,
        position=position,
        application=application,
        recorded_by=actor,
        note=(note or "")[:300],
    )
