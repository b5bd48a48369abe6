"""The SMS channel: every text message goes through here, is recorded (SmsMessage), limited per number, and sent
at most once.

- `sms_queue` records a message under its idempotency key (one row per key: queuing again returns that row and
  sends nothing new), refuses it when the number had too many messages lately (recorded as rate limited), and
  queues the Celery task on commit when the message is due (quiet hours set `not_before` later; the sweeper sends
  it then).
- `sms_deliver` (the task's body) claims the row under a lock (PENDING → SENDING) before calling the backend, so
  a duplicated task finds it claimed and sends nothing. A timeout or a provider failure worth retrying puts it
  back to PENDING for the task's retry, with the same OutId; after SMS_MAX_ATTEMPTS it is FAILED. A row left
  SENDING by a worker that died is never sent again: the sweeper marks it failed.
"""

import datetime
import json
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import crypto, sms
from portal.models import SmsMessage
from portal.tasks import send_sms
from portal.validators import PHONE_RE, normalize_phone

logger = logging.getLogger(__name__)
Purpose = SmsMessage.Purpose
STALE_SENDING = datetime.timedelta(minutes=10)


def sms_text(purpose: str, params: dict) -> str:
    """The message as the registered template reads, in the active language (console and test outbox)."""
    texts = {
        Purpose.VERIFICATION_CODE: _("Your verification code is %(code)s. Do not tell it to anyone."),
        Purpose.NOTICE: _("New notice: %(title)s. Sign in to the veteran service platform to read it."),
        Purpose.INVITATION: _(
            "Staff created your account on the veteran service platform. Set your password within %(days)s days: "
            "%(url)s"
        ),
    }
    return texts[purpose] % params


def rate_limits() -> list[tuple[int, int]]:
    """(seconds, most messages) windows, from settings.SMS_RATE_LIMITS such as "1/60,5/3600,10/86400"."""
    windows = []
    for part in str(settings.SMS_RATE_LIMITS or "").split(","):
        if "/" in part:
            count, seconds = part.strip().split("/", 1)
            windows.append((int(seconds), int(count)))
    return windows


def is_rate_limited(phone: str, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    recent = SmsMessage.objects.counted_for_rate_limit().filter(SmsMessage.phone_q(phone))
    return any(
        recent.filter(created_at__gt=now - datetime.timedelta(seconds=seconds)).count() >= most
        for seconds, most in rate_limits()
    )


def sms_queue(
    *,
    idempotency_key: str,
    phone: str,
    purpose: str,
    params: dict,
    user=None,
    notification=None,
    not_before: datetime.datetime | None = None,
) -> SmsMessage | None:
    """Record one message and queue it. Returns the row (the existing one for a key seen before), or None for a
    number that is not a mainland mobile number."""
    phone = normalize_phone(phone)
    if not PHONE_RE.match(phone):
        return None
    key = idempotency_key[:150]
    existing = SmsMessage.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    now = timezone.now()
    limited = is_rate_limited(phone, now=now)
    message = SmsMessage(
        idempotency_key=key,
        phone=phone,
        purpose=purpose,
        user=user if user is not None and user.pk else None,
        notification=notification,
        template_code=settings.SMS_TEMPLATES.get(purpose, purpose),
        params_encrypted=crypto.encrypt(json.dumps(params, ensure_ascii=False)),
        not_before=not_before or now,
        status=SmsMessage.Status.RATE_LIMITED if limited else SmsMessage.Status.PENDING,
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:  # a concurrent call with the same key won: that row is the message
        return SmsMessage.objects.get(idempotency_key=key)
    if limited:
        logger.warning("SMS %s not sent: rate limit for ****%s", message.pk, message.phone_last4)
    elif message.not_before <= now:
        send_sms.delay_on_commit(message.pk)
    return message


def _claim(message_id: int) -> SmsMessage | None:
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != SmsMessage.Status.PENDING or message.not_before > timezone.now():
            return None
        message.status = SmsMessage.Status.SENDING
        message.attempts += 1
        message.save(update_fields=["status", "attempts"])
    return message


def _outgoing(message: SmsMessage) -> sms.backends.OutgoingSms:
    params = json.loads(crypto.decrypt(message.params_encrypted) or "{}")
    language = (message.user.language if message.user_id else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        text = sms_text(message.purpose, params)
    return sms.backends.OutgoingSms(
        phone=message.phone,
        sign_name=settings.SMS_SIGN_NAME,
        template_code=message.template_code,
        params=params,
        text=text,
        idempotency_key=message.idempotency_key,
        meta={"out_id": f"portal-sms-{message.pk}"},
    )


def _finish(message: SmsMessage, **fields) -> None:
    for name, value in fields.items():
        setattr(message, name, value)
    message.save(update_fields=list(fields))


def sms_deliver(*, message_id: int) -> str:
    """Send one due message once. Returns its status; raises SmsTransientError when the task should retry."""
    message = _claim(message_id)
    if message is None:
        current = SmsMessage.objects.filter(pk=message_id).values_list("status", flat=True).first()
        return current or "missing"
    backend = settings.SMS_BACKEND
    try:
        result = sms.get_backend(backend).send(_outgoing(message))
    except sms.SmsTransientError as exc:
        final = message.attempts >= settings.SMS_MAX_ATTEMPTS
        status = SmsMessage.Status.FAILED if final else SmsMessage.Status.PENDING
        _finish(message, status=status, last_error=str(exc)[:300], backend=backend)
        if final:
            return status
        raise
    except sms.SmsError as exc:
        _finish(message, status=SmsMessage.Status.FAILED, last_error=str(exc)[:300], backend=backend)
        return SmsMessage.Status.FAILED
    except Exception as exc:  # a bug or an unknown failure: recorded, never retried (it might have been sent)
        logger.exception("SMS %s: backend failed", message.pk)
        _finish(message, status=SmsMessage.Status.FAILED, last_error=repr(exc)[:300], backend=backend)
        return SmsMessage.Status.FAILED
    _finish(
        message,
        status=SmsMessage.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        provider_message_id=result.message_id[:100],
        provider_request_id=result.request_id[:100],
        backend=backend,
    )
    return SmsMessage.Status.SENT


def sms_due(*, limit: int = 500) -> list[int]:
    """Messages whose time came (quiet hours over, a retry the broker lost). Rows stuck SENDING are marked failed:
    the provider may have them, so they are never sent again."""
    now = timezone.now()
    SmsMessage.objects.filter(status=SmsMessage.Status.SENDING, created_at__lt=now - STALE_SENDING).update(
        status=SmsMessage.Status.FAILED, last_error="worker stopped while sending; not sent again"
    )
    return list(SmsMessage.objects.due(now).order_by("not_before").values_list("pk", flat=True)[:limit])
