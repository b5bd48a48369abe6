"""Claiming an account staff created (bulk import, 代办): an invitation by e-mail and text message, a password set
after the last six characters of the ID number are confirmed.

- `account_invitation_send` is the one door for sending and re-sending (staff page, 代办 page, admin action,
  import): it replaces any open invitation, so only the newest link works, and expires after ACCOUNT_CLAIM_DAYS.
- `account_claim` checks the link's state and the six characters under a row lock; each wrong try is counted
  (committed even though the claim is refused) and ACCOUNT_CLAIM_MAX_ATTEMPTS locks the invitation until staff
  send a new one. A successful claim sets the password and marks the channel the invitation went to as verified.
"""

import datetime
import hmac
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from portal.models import AccountInvitation, AuditLog, SmsMessage, User, VeteranProfile
from portal.models.claims import token_hash
from portal.services.audit import audit_record
from portal.services.sms import sms_queue
from portal.tasks import send_account_invitation_email


def is_claimed(user) -> bool:
    return user.has_usable_password()


def invitation_phone(user) -> str:
    profile = VeteranProfile.objects.filter(user=user).first()
    return (profile.phone if profile else "") or user.phone


def claim_url(token: str) -> str:
    return settings.SITE_URL + reverse("portal:account_claim", args=[token])


def account_contact_set(*, user, email: str) -> None:
    """Staff give an unclaimed account the e-mail address its invitation goes to. Raises ValidationError."""
    email = (email or "").strip().lower()
    if email == (user.email or "").lower():
        return
    if is_claimed(user):
        raise AccessDenied(_("The account has been claimed: only its owner changes the e-mail."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
        taken = User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
        if taken or EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists():
            raise ValidationError({"email": [_("This e-mail address is already used by another account.")]})
    user.email = email
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).delete()  # unverified until the owner claims through the e-mail


def account_invitation_send(*, user, staff_user=None) -> AccountInvitation:
    """Send (or send again) the invitation to claim this account. Raises ValidationError saying why not."""
    profile = VeteranProfile.objects.filter(user=user).first()
    if not user.can_be_invited_to_claim():
        raise ValidationError(_("This account has already been claimed."))
    if profile is None or not profile.id_number_encrypted:
        raise ValidationError(_("The account needs an ID number on file: the person confirms its last six digits."))
    phone, email = invitation_phone(user), user.email
    if not phone and not email:
        raise ValidationError(_("Add a mobile number or an e-mail address first."))
    now, days = timezone.now(), settings.ACCOUNT_CLAIM_DAYS
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        AccountInvitation.objects.open(now).filter(user=user).update(revoked_at=now)
        invitation = AccountInvitation.objects.create(
            user=user,
            token_hash=token_hash(token),
            sent_by_email=bool(email),
            sent_by_sms=bool(phone),
            created_by=staff_user,
            expires_at=now + datetime.timedelta(days=days),
        )
        audit_record(
            actor=staff_user,
            action=AuditLog.Action.OTHER,
            target=profile,
            on_behalf_of=user,
            detail={"event": "account_invitation_sent", "email": bool(email), "sms": bool(phone)},
        )
        url = claim_url(token)
        if email:
            # The link is a secret: it travels in the task's arguments only to the worker that mails it.
            send_account_invitation_email.delay_on_commit(invitation.pk, url)
        if phone:
            sms_queue(
                idempotency_key=f"invitation:{invitation.pk}",
                phone=phone,
                purpose=SmsMessage.Purpose.INVITATION,
                params={"days": days, "url": url},
                user=user,
            )
    return invitation


def invitation_by_token(token: str) -> AccountInvitation | None:
    return AccountInvitation.objects.select_related("user").filter(token_hash=token_hash(token or "")).first()


def invitation_refusal(invitation: AccountInvitation | None) -> str | None:
    """Why this link cannot be used (translated), or None when it can."""
    if invitation is None:
        return _("This link is not valid. Ask the veterans' affairs bureau to send a new invitation.")
    status = invitation.status
    if status == AccountInvitation.Status.CLAIMED:
        return _("This account has already been claimed: sign in with your password.")
    if status == AccountInvitation.Status.REPLACED:
        return _("A newer invitation was sent to you: use the link in it.")
    if status == AccountInvitation.Status.LOCKED:
        return _("Too many wrong attempts. Ask the veterans' affairs bureau to send a new invitation.")
    if status == AccountInvitation.Status.EXPIRED:
        return _("This invitation has expired. Ask the veterans' affairs bureau to send a new one.")
    return None


def _check_digits(invitation: AccountInvitation, id_last_six: str) -> bool:
    profile = VeteranProfile.objects.filter(user=invitation.user).first()
    expected = profile.get_id_number()[-6:].upper() if profile else ""
    return bool(expected) and hmac.compare_digest(expected, (id_last_six or "").strip().upper())


def account_claim(*, invitation: AccountInvitation, id_last_six: str, password: str):
    """Claim the account. Returns the user; raises ValidationError (field errors) and counts a wrong try."""
    with transaction.atomic():
        invitation = AccountInvitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
        refusal = invitation_refusal(invitation)
        if refusal is None and not _check_digits(invitation, id_last_six):
            invitation.failed_attempts += 1
            invitation.save(update_fields=["failed_attempts"])
            left = settings.ACCOUNT_CLAIM_MAX_ATTEMPTS - invitation.failed_attempts
            refusal = invitation_refusal(invitation) or {
                "id_last_six": [
                    _("These are not the last six characters of your ID number (%(left)s tries left).") % {"left": left}
                ]
            }
    if refusal is not None:
        raise ValidationError(refusal)
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from None
    with transaction.atomic():
        invitation = AccountInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.claimed_at:
            raise ValidationError(_("This account has already been claimed: sign in with your password."))
        _claim(invitation, user, password)
    return user


def _claim(invitation: AccountInvitation, user, password: str) -> None:
    now = timezone.now()
    user.set_password(password)
    user.save(update_fields=["password"])
    if invitation.sent_by_email and user.email:
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    phone = invitation_phone(user)
    if invitation.sent_by_sms and phone:
        # Verified only if no other account signs in with this number already.
        taken = User.objects.filter(User.phone_q(phone), phone_verified=True).exclude(pk=user.pk).exists()
        user.phone = phone
        user.phone_verified = not taken
        user.save(update_fields=["phone", "phone_verified"])
    AccountInvitation.objects.filter(pk=invitation.pk).update(claimed_at=now)
    AccountInvitation.objects.open(now).filter(user=user).update(revoked_at=now)
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=user, detail={"event": "account_claimed"})


def account_invitation_resend(*, invitation: AccountInvitation, staff_user=None) -> AccountInvitation:
    """The admin action on an invitation row: a new invitation to the same account (the same door as above)."""
    return account_invitation_send(user=invitation.user, staff_user=staff_user)
