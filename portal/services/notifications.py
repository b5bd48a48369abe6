"""Notifying users: in-site always, e-mail and text messages when they allow them, outside quiet hours, exactly
once per event.

Exactly once from the user's view: (recipient, event_key) is unique, so a retried or duplicated task finds the
row already there and sends nothing new; e-mail state lives on the row and is moved under a row lock.
"""

import datetime
import hashlib
import logging
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from portal import notice_rules, user_cache
from portal.messages import Message
from portal.models import Notification, NotificationPreference, SmsMessage, User
from portal.services.sms import sms_queue
from portal.tasks import send_notification_email

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"
# Files an app attaches to the e-mail of its notices, by Notification.kind: fn(notification) -> [(name, bytes, type)]
# (the jobs app attaches an interview's calendar file). Registered from an AppConfig.ready().
EMAIL_ATTACHMENTS: dict = {}


def register_email_attachments(kind: str, attachments) -> None:
    EMAIL_ATTACHMENTS[kind] = attachments


def _attachments(notifications) -> list[tuple[str, bytes, str]]:
    files = []
    for notification in notifications:
        provider = EMAIL_ATTACHMENTS.get(notification.kind)
        if provider is None:
            continue
        try:
            files.extend(provider(notification))
        except Exception:  # an attachment that cannot be built never holds back the notice itself
            logger.warning("no attachment for notice %s", notification.pk, exc_info=True)
    return files


def preference_for(user) -> NotificationPreference:
    pref, _created = NotificationPreference.objects.get_or_create(user=user)
    return pref


def notification_preference_update(*, user, data: dict) -> NotificationPreference:
    """Change the user's notice preferences. Raises ValidationError with field errors (nothing saved)."""
    pref = preference_for(user)
    for field in NotificationPreference.PERSONAL_FIELDS:
        if field in data:
            setattr(pref, field, data[field])
    errors = {}
    for field in ("quiet_start", "quiet_end"):
        if not 0 <= getattr(pref, field) <= 23:
            errors[field] = [_("Enter an hour from 0 to 23.")]
    try:
        pref.full_clean(exclude=["user", *errors])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if pref.email_enabled:
        pref.unsubscribed_at = None
    pref.save()
    return pref


def sms_phone(user) -> str:
    """The number text messages go to: only one the user confirmed with a code (a typo never texts a stranger)."""
    return user.phone if user.is_active and user.phone_verified else ""


def _queue_sms(notification: Notification, not_before: datetime.datetime) -> None:
    user = notification.recipient
    sms_queue(
        idempotency_key=f"notice:{notification.pk}",
        phone=sms_phone(user),
        purpose=SmsMessage.Purpose.NOTICE,
        params={"title": notification.title[:20]},
        user=user,
        notification=notification,
        not_before=not_before,
    )


def notify(
    *, recipient, event_key: str, kind: str, title, body="", url: str = "", email: bool = True, sms: bool = True
):
    """Create the notice for this (recipient, event) once, with its e-mail and text message when the user allows
    them. Returns the Notification, or None if the user opted out.

    Pass the title and body as `portal.messages.Message`s: each reader then sees them in their own language (the
    text columns keep them as rendered in the recipient's); so are lazy texts. Plain strings are stored as they are."""
    pref = preference_for(recipient)
    if not pref.allows(kind):
        return None
    now = timezone.now()
    # A lazy text without parameters is a message already: keep its msgid too.
    title, body = (Message(text) if isinstance(text, Promise) else text for text in (title, body))
    messages = {
        "title_message": title.to_json() if isinstance(title, Message) else None,
        "body_message": body.to_json() if isinstance(body, Message) else None,
    }
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        title, body = str(title), str(body)
    # The rules the bulk fast paths run too (portal.notice_rules), evaluated for this one recipient.
    delivery = User.objects.filter(pk=recipient.pk).values(**notice_rules.delivery(now)).get()
    wants_email = email and delivery["notice_email_status"] == Notification.EmailStatus.PENDING
    not_before = delivery["notice_email_not_before"] if wants_email else None
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                recipient=recipient,
                event_key=event_key[:150],
                defaults={
                    "kind": kind,
                    "title": title[:200],
                    "body": body,
                    **messages,
                    "url": url,
                    "email_status": Notification.EmailStatus.PENDING if wants_email else Notification.EmailStatus.NONE,
                    "email_not_before": not_before,
                },
            )
    except IntegrityError:  # a concurrent duplicate won the race: that one is the notice
        return Notification.objects.get(recipient=recipient, event_key=event_key[:150])
    if created and wants_email and not_before <= now:
        send_notification_email.delay_on_commit(notification.pk)
    if created and sms and pref.allows_sms(kind) and sms_phone(recipient):
        _queue_sms(notification, delivery["notice_sms_not_before"])
    return notification


def notify_staff(*, permission: str, event_key: str, kind: str, title, body="", url: str = "") -> int:
    """Tell every active bureau staff member holding `permission` (superusers included), once per event each.
    Pass lazy texts: each recipient reads them in their own language. Returns how many were notified."""
    recipients = User.objects.with_perm(
        permission, is_active=True, include_superusers=True, backend="django.contrib.auth.backends.ModelBackend"
    )
    count = 0
    for user in recipients.order_by("pk"):
        if user.is_bureau_staff:
            count += notify(recipient=user, event_key=event_key, kind=kind, title=title, body=body, url=url) is not None
    return count


def notification_mark_read(*, user, notification_ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    marked = qs.update(read_at=timezone.now())
    user_cache.forget(user.pk)  # the header's unread count (an update sends no signal)
    user_cache.forget_cached_on(user)  # and this request's copy, if the page marking them renders the header
    return marked


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user) -> str:
    return settings.SITE_URL + reverse("portal:unsubscribe", args=[unsubscribe_token(user)])


def unsubscribe_by_token(token: str):
    """Turn e-mail off for the user the signed token names. Returns the user, or None for a bad token."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u")).first()
    if user is None:
        return None
    pref = preference_for(user)
    pref.email_enabled = False
    pref.unsubscribed_at = timezone.now()
    pref.save(update_fields=["email_enabled", "unsubscribed_at"])
    return user


def send_mail(subject: str, text: str, from_email, recipients: list, *, attachments=(), headers=None) -> int:
    """django.core.mail.send_mail with files attached (and extra headers)."""
    message = EmailMessage(subject, text, from_email, recipients, headers=headers)
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message.send()


def _email_text(user, notifications) -> tuple[str, str]:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        if len(notifications) == 1:
            subject = notifications[0].shown_title
        else:
            subject = _("%(count)s new notices from the veteran service platform") % {"count": len(notifications)}
        parts = []
        for n in notifications:
            link = settings.SITE_URL + n.url if n.url.startswith("/") else n.url
            parts.append("\n".join(filter(None, [n.shown_title, n.shown_body, link])))
        footer = _("To stop these e-mails, open: %(url)s") % {"url": unsubscribe_url(user)}
        return subject, "\n\n".join(parts) + "\n\n--\n" + footer


def notification_email_send(*, notification_id: int) -> bool:
    """Send one pending notice by e-mail (or the user's whole due digest). Idempotent: re-runs send nothing."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.email_status != Notification.EmailStatus.PENDING:
            return False
        user = notification.recipient
        pref = preference_for(user)
        now = timezone.now()
        if not User.objects.filter(notice_rules.wants_email(), pk=user.pk).exists():
            notification.email_status = Notification.EmailStatus.SKIPPED
            notification.save(update_fields=["email_status"])
            return False
        if notification.email_not_before and notification.email_not_before > now:
            return False  # quiet hours or digest: the sweeper sends it when due
        batch = [notification]
        if pref.email_mode == NotificationPreference.EmailMode.DIGEST:
            batch = list(
                Notification.objects.select_for_update()
                .filter(recipient=user, email_status=Notification.EmailStatus.PENDING, email_not_before__lte=now)
                .order_by("created_at")
            )
        subject, text = _email_text(user, batch)
        # Sent inside the lock: a crash after sending but before commit can repeat one e-mail, never lose one.
        headers = {"Message-ID": _message_id(batch)}
        send_mail(subject, text, None, [user.email], attachments=_attachments(batch), headers=headers)
        Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
            email_status=Notification.EmailStatus.SENT, email_sent_at=now
        )
    return True


def _message_id(batch) -> str:
    """The same for every attempt at this e-mail (its notices), from whichever worker: the one a crash between
    sending and committing repeats carries the first one's Message-ID, which mail systems drop as a duplicate."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(",".join(str(n.pk) for n in batch).encode()).hexdigest()[:32]
    return f"<notice.{digest}@{domain}>"


def notification_emails_due(*, limit: int = 500) -> list[int]:
    """Pending e-mails whose time has come (quiet hours over, digest due, or left behind by a crashed worker)."""
    now = timezone.now()
    return list(
        Notification.objects.email_due()
        .filter(email_not_before__lte=now)
        .order_by("recipient_id", "created_at")
        .distinct()
        .values_list("pk", flat=True)[:limit]
    )
