"""Consents (PIPL arts. 14, 15, 29): giving one, withdrawing one, asking whether one is live.

Every page, the API and the counter record consents here, with the policy version in force and the channel; each
grant and withdrawal is written to the audit log. Withdrawing the ID-number consent erases the stored number
(portal.services.reverification.id_numbers_erase); withdrawing application sharing only stops new sharing: what an
employer already received with an application stays with that application.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import AuditLog, Consent
from portal.privacy import POLICY_VERSION
from portal.services.audit import audit_record
from portal.services.reverification import id_numbers_erase

NO_LIVE_CONSENT = _("There is no consent of this kind to withdraw.")
UNKNOWN_PURPOSE = _("Choose one of the listed purposes.")
UNKNOWN_CHANNEL = _("Choose one of the listed channels.")
SHARING_CONSENT_NEEDED = _(
    "Agree that the employer receives your name and contact with your application; without it the application "
    "cannot be sent."
)


def consent_live(*, user, purpose: str) -> Consent | None:
    if not getattr(user, "pk", None):
        return None
    return Consent.objects.live().filter(user=user, purpose=purpose).first()


def consent_is_live(*, user, purpose: str) -> bool:
    return consent_live(user=user, purpose=purpose) is not None


def _check(purpose: str, channel: str) -> None:
    errors = {}
    if purpose not in Consent.Purpose.values:
        errors["purpose"] = [UNKNOWN_PURPOSE]
    if channel not in Consent.Channel.values:
        errors["channel"] = [UNKNOWN_CHANNEL]
    if errors:
        raise ValidationError(errors)


def _audit(consent: Consent, *, action: str, recorded_by, request) -> None:
    audit_record(
        actor=recorded_by or consent.user,
        action=action,
        target=consent,
        on_behalf_of=consent.user if recorded_by else None,
        detail={
            "purpose": consent.purpose,
            "policy_version": consent.policy_version,
            "channel": consent.withdrawal_channel if action == AuditLog.Action.CONSENT_WITHDRAW else consent.channel,
        },
        request=request,
    )


def consent_grant(*, user, purpose: str, channel: str, recorded_by=None, request=None) -> Consent:
    """Record that `user` consents to `purpose` under the current policy. A consent already live is returned as it is
    (agreeing twice is one consent). `recorded_by` is the staff member who took a counter or paper consent."""
    _check(purpose, channel)
    existing = consent_live(user=user, purpose=purpose)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                user=user,
                purpose=purpose,
                policy_version=POLICY_VERSION,
                granted_at=timezone.now(),
                channel=channel,
                recorded_by=recorded_by,
            )
            _audit(consent, action=AuditLog.Action.CONSENT, recorded_by=recorded_by, request=request)
    except IntegrityError:  # a concurrent grant of the same purpose won: that one is the consent
        return Consent.objects.live().get(user=user, purpose=purpose)
    return consent


@transaction.atomic
def consent_withdraw(*, user, purpose: str, channel: str, recorded_by=None, request=None) -> Consent:
    """Withdraw the live consent for `purpose` (ValidationError if there is none) and undo what it allowed: the ID
    number is erased; application sharing stops for new applications only."""
    _check(purpose, channel)
    consent = Consent.objects.live().select_for_update().filter(user=user, purpose=purpose).first()
    if consent is None:
        raise ValidationError(NO_LIVE_CONSENT)
    consent.withdrawn_at = timezone.now()
    consent.withdrawal_channel = channel
    consent.save(update_fields=["withdrawn_at", "withdrawal_channel"])
    _audit(consent, action=AuditLog.Action.CONSENT_WITHDRAW, recorded_by=recorded_by, request=request)
    if purpose == Consent.Purpose.ID_NUMBER:
        id_numbers_erase(user=user, actor=recorded_by or user)
    return consent


def application_sharing_consent(*, user, given: bool, channel: str, recorded_by=None, request=None) -> Consent:
    """Applying gives the employer the applicant's name and contact (PIPL art. 23). A consent given with this
    application is recorded; without one a live consent must exist, else a ValidationError (nothing shared).
    Called by jobs.services.applications.application_submit, in the application's transaction, for every door."""
    if given:
        return consent_grant(
            user=user,
            purpose=Consent.Purpose.APPLICATION_SHARING,
            channel=channel,
            recorded_by=recorded_by,
            request=request,
        )
    consent = consent_live(user=user, purpose=Consent.Purpose.APPLICATION_SHARING)
    if consent is None:
        raise ValidationError({"share_consent": [SHARING_CONSENT_NEEDED]})
    return consent


def consents_of(*, user):
    """The person's consents, live and withdrawn, newest first (the 我的授权 page and GET /api/v1/me/consents/)."""
    return Consent.objects.filter(user=user).order_by("-granted_at", "-pk")
