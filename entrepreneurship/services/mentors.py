"""Mentors: staff approval, time slots, bookings that never double-book, cancellation, notes and ratings.

A slot is won by a conditional UPDATE (is_booked false → true): of any number of simultaneous requests exactly one
updates a row; the partial unique constraint on active bookings per slot is the database's second guard.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import MentorBooking, MentorProfile, MentorSlot
from entrepreneurship.models.mentors import CANCEL_CUTOFF
from portal.exceptions import AccessDenied
from portal.messages import Message, choice_label
from portal.models import AuditLog, Role
from portal.permissions import is_bureau_staff, is_veteran
from portal.roles import grant_role
from portal.services.audit import audit_record
from portal.services.notifications import notify, notify_staff
from portal.services.status_history import status_change_record


@transaction.atomic
def mentor_apply(
    *, user, display_name: str, expertise: str, title: str = "", bio: str = "", region=None, field: str = ""
):
    """Apply to be a mentor, or update the application. An approved mentor keeps their approval; a rejected one
    applies again (back to pending, staff notified)."""
    if not user.is_authenticated or not user.is_active:
        raise AccessDenied(_("Sign in to apply."))
    errors = {}
    if not (display_name or "").strip():
        errors["display_name"] = _("Give the name veterans will see.")
    if not (expertise or "").strip():
        errors["expertise"] = _("Describe what you can help with.")
    field = field or MentorProfile.Field.MANAGEMENT
    if field not in MentorProfile.Field.values:
        errors["field"] = _("Choose a field.")
    if errors:
        raise ValidationError(errors)
    data = {"display_name": display_name.strip(), "expertise": expertise, "title": title, "bio": bio, "field": field}
    if region is not None:
        data["region"] = region
    profile = MentorProfile.objects.select_for_update().filter(user=user).first()
    reapplied = profile is None or profile.status == MentorProfile.Status.REJECTED
    if profile is None:
        profile = MentorProfile(user=user)
    for key, value in data.items():
        setattr(profile, key, value)
    if reapplied:
        profile.status, profile.rejection_reason = MentorProfile.Status.PENDING, ""
    profile.full_clean(exclude=["user", "region"])
    profile.save()
    if reapplied:
        notify_staff(
            permission="entrepreneurship.change_mentorprofile",
            event_key=f"mentor-applied:{profile.pk}:{timezone.now():%Y%m%d%H%M}",
            kind="entrepreneurship",
            title=Message(_("New mentor application: %(name)s"), name=profile.display_name),
            url="/entrepreneurship/staff/mentors/",
        )
    return profile


@transaction.atomic
def mentor_review(*, profile: MentorProfile, staff_user, approve: bool, reason: str = "") -> MentorProfile:
    """Staff approve (the user gets the mentor role) or reject with a reason (told to the applicant)."""
    if not is_bureau_staff(staff_user):
        raise AccessDenied(_("Only bureau staff can do this."))
    profile = MentorProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give a reason for rejecting the application.")})
    if not (profile.can_be_approved() if approve else profile.can_be_rejected()):
        raise ValidationError(_("This mentor application has already been decided so."))
    target = MentorProfile.Status.APPROVED if approve else MentorProfile.Status.REJECTED
    profile.status = target
    profile.approved_by = staff_user if approve else None
    profile.approved_at = timezone.now() if approve else None
    profile.rejection_reason = "" if approve else reason[:300]
    profile.save(update_fields=["status", "approved_by", "approved_at", "rejection_reason"])
    if approve:
        grant_role(profile.user, Role.MENTOR)
    audit_record(
        actor=staff_user,
        action=AuditLog.Action.APPROVE if approve else AuditLog.Action.REJECT,
        target=profile,
        detail={"reason": reason} if reason else None,
    )
    notify(
        recipient=profile.user,
        event_key=f"mentor-{target}:{profile.pk}:{timezone.now():%Y%m%d%H%M%S}",
        kind="entrepreneurship",
        title=Message(_("Your mentor application was approved"))
        if approve
        else Message(_("Your mentor application was not approved")),
        body=reason,
        url="/entrepreneurship/mentoring/my-slots/",
    )
    return profile


def slot_create(*, mentor: MentorProfile, start: datetime.datetime, end: datetime.datetime, location: str = ""):
    if not mentor.is_approved():
        raise ValidationError(_("Only approved mentors can offer time slots."))
    if end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    if start <= timezone.now():
        raise ValidationError({"start": _("A slot must start in the future.")})
    if mentor.slots.filter(start__lt=end, end__gt=start).exists():
        raise ValidationError({"start": _("This slot overlaps another of your slots.")})
    return MentorSlot.objects.create(mentor=mentor, start=start, end=end, location=location)


@transaction.atomic
def booking_create(*, user, slot: MentorSlot, topic: str, question: str = "", enterprise=None) -> MentorBooking:
    if not is_veteran(user):
        raise ValidationError(_("Only veterans with a registered profile can book a mentor."))
    if topic not in MentorBooking.Topic.values:
        raise ValidationError({"topic": _("Choose a topic.")})
    if enterprise is not None and enterprise.founder_id != user.pk:
        raise AccessDenied(_("This enterprise is not yours."), hide=True)
    if slot.mentor.user_id == user.pk:
        raise ValidationError(_("You cannot book your own slot."))
    refusal = MentorSlot.objects.select_related("mentor").get(pk=slot.pk).booking_refusal()
    if refusal:
        raise ValidationError(refusal)
    won = MentorSlot.objects.filter(
        pk=slot.pk, is_booked=False, start__gt=timezone.now(), mentor__status=MentorProfile.Status.APPROVED
    ).update(is_booked=True)
    if not won:
        raise ValidationError(_("This slot has just been booked or is no longer available; please choose another."))
    try:
        with transaction.atomic():
            booking = MentorBooking.objects.create(
                slot=slot, veteran=user, topic=topic, question=question, enterprise=enterprise
            )
    except IntegrityError:
        raise ValidationError(_("This slot has just been booked or is no longer available; please choose another."))
    status_change_record(subject=booking, from_status="", to_status=booking.status, actor=user)
    notify(
        recipient=slot.mentor.user,
        event_key=f"booking:{booking.pk}",
        kind="entrepreneurship",
        title=Message(_("New mentoring booking: %(topic)s"), topic=choice_label(booking, "topic")),
        body=str(slot),
        url="/entrepreneurship/mentoring/bookings/",
    )
    return booking


@transaction.atomic
def booking_cancel(*, booking: MentorBooking, user, reason: str = "") -> MentorBooking:
    booking = MentorBooking.objects.select_for_update().select_related("slot__mentor__user").get(pk=booking.pk)
    is_mentor = booking.slot.mentor.user_id == user.pk
    if booking.veteran_id != user.pk and not is_mentor:
        raise AccessDenied(_("This booking is not yours."), hide=True)
    if not booking.is_active():
        raise ValidationError(_("This booking is already cancelled."))
    if not booking.can_cancel():
        hours = int(CANCEL_CUTOFF.total_seconds() // 3600)
        raise ValidationError(
            _(
                "A booking can no longer be cancelled within %(hours)s hours of its start; please contact the other "
                "side directly."
            )
            % {"hours": hours}
        )
    booking.status = MentorBooking.Status.CANCELLED
    booking.cancelled_by, booking.cancelled_at, booking.cancel_reason = user, timezone.now(), reason[:300]
    booking.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
    status_change_record(
        subject=booking,
        from_status=MentorBooking.Status.BOOKED,
        to_status=booking.status,
        actor=user,
        note=booking.cancel_reason,
    )
    MentorSlot.objects.filter(pk=booking.slot_id).update(is_booked=False)
    other = booking.veteran if is_mentor else booking.slot.mentor.user
    notify(
        recipient=other,
        event_key=f"booking-cancelled:{booking.pk}",
        kind="entrepreneurship",
        title=Message(_("A mentoring session was cancelled")),
        body=f"{booking.slot} {reason}",
        url="/entrepreneurship/mentoring/bookings/",
    )
    return booking


@transaction.atomic
def booking_record_notes(*, booking: MentorBooking, user, notes: str, follow_up: str = "") -> MentorBooking:
    if booking.slot.mentor.user_id != user.pk:
        raise AccessDenied(_("This booking is not yours."), hide=True)
    if not booking.is_active():
        raise ValidationError(_("Notes can only be kept on a booking that was not cancelled."))
    booking.mentor_notes, booking.follow_up = notes, follow_up
    booking.save(update_fields=["mentor_notes", "follow_up"])
    return booking


@transaction.atomic
def booking_rate(*, booking: MentorBooking, user, rating: int, comment: str = "") -> MentorBooking:
    booking = MentorBooking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if booking.veteran_id != user.pk:
        raise AccessDenied(_("This booking is not yours."), hide=True)
    if booking.rating is not None:
        raise ValidationError(_("You have already rated this session."))
    if not booking.can_rate():
        raise ValidationError(_("You can rate a session once it has taken place."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    booking.rating, booking.rating_comment, booking.rated_at = rating, comment[:300], timezone.now()
    booking.save(update_fields=["rating", "rating_comment", "rated_at"])
    status_change_record(
        subject=booking,
        from_status=MentorBooking.Progress.HELD,
        to_status=MentorBooking.Progress.RATED,
        actor=user,
        note=f"{rating}/5 {booking.rating_comment}".strip(),
    )
    return booking
