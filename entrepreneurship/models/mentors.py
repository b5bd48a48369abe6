"""Entrepreneurship mentors (创业导师), their time slots and veterans' bookings."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.capacity import Places

# Neither side may cancel a booking this close to its start.
CANCEL_CUTOFF = datetime.timedelta(hours=2)


class MentorProfileQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=MentorProfile.Status.APPROVED, user__is_active=True)


# Ratings are shown only from this many on, so one or two sessions do not label a mentor.
MIN_RATINGS_SHOWN = 3


class MentorProfile(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Field(models.TextChoices):
        FINANCE = "finance", _("Finance and financing")
        LEGAL = "legal", _("Law and compliance")
        MARKETING = "marketing", _("Marketing and sales")
        TECHNOLOGY = "technology", _("Technology and the internet")
        MANAGEMENT = "management", _("Management and organization")
        AGRICULTURE = "agriculture", _("Agriculture")
        MANUFACTURING = "manufacturing", _("Manufacturing")
        SERVICES = "services", _("Services and retail")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="mentor_profile")
    display_name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("title"), max_length=100, blank=True)
    field = models.CharField(_("field"), max_length=20, choices=Field.choices, default=Field.MANAGEMENT, db_index=True)
    expertise = models.TextField(_("expertise"))
    bio = models.TextField(_("biography"), blank=True)
    region = models.ForeignKey("portal.Region", models.PROTECT, null=True, blank=True, verbose_name=_("region"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")

    def __str__(self):
        return self.display_name

    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def can_be_approved(self) -> bool:
        """Pending or rejected: staff may approve it (mentor_review refuses to decide the same way twice)."""
        return self.status != self.Status.APPROVED

    def can_be_rejected(self) -> bool:
        return self.status != self.Status.REJECTED


class MentorSlotQuerySet(models.QuerySet):
    def bookable(self):
        return self.filter(is_booked=False, start__gt=timezone.now(), mentor__status=MentorProfile.Status.APPROVED)


class MentorSlot(models.Model):
    mentor = models.ForeignKey(MentorProfile, models.CASCADE, related_name="slots", verbose_name=_("mentor"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.CharField(_("place or meeting link"), max_length=200, blank=True)
    # Flipped by a conditional UPDATE ... WHERE is_booked = false: only one request can win the slot.
    is_booked = models.BooleanField(_("booked"), default=False)

    objects = MentorSlotQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("mentor slot")
        verbose_name_plural = _("mentor slots")
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="mentor_slot_end_after_start")]

    def __str__(self):
        return f"{self.mentor} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def booking_refusal(self, now=None) -> str:
        """Why this slot cannot be booked now ("" when it can): shown beside a disabled button on the mentor's page
        and raised by entrepreneurship.services.mentors.booking_create (its conditional UPDATE still decides a race)."""
        now = now or timezone.now()
        if self.is_booked:
            return str(_("This slot is already booked."))
        if self.start <= now:
            return str(_("This time has passed."))
        if not self.mentor.is_approved():
            return str(_("This mentor is not taking bookings."))
        return ""


def mentor_slots_left(slots, now=None) -> Places:
    """Of these slots, the ones still to come and how many of them are booked (portal.capacity.Places)."""
    now = now or timezone.now()
    upcoming = [slot for slot in slots if slot.start > now]
    return Places(len(upcoming), sum(1 for slot in upcoming if slot.is_booked))


class MentorBooking(models.Model):
    class Topic(models.TextChoices):
        EVALUATION = "evaluation", _("Project evaluation")
        OPENING = "opening", _("Opening guidance")
        MANAGEMENT = "management", _("Management consulting")
        FINANCING = "financing", _("Financing")
        LEGAL = "legal", _("Legal")

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(MentorSlot, models.CASCADE, related_name="bookings", verbose_name=_("slot"))
    veteran = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="mentor_bookings", verbose_name=_("veteran")
    )
    enterprise = models.ForeignKey(
        "entrepreneurship.Enterprise", models.SET_NULL, null=True, blank=True, verbose_name=_("project")
    )
    topic = models.CharField(pgettext_lazy("mentoring", "topic"), max_length=20, choices=Topic.choices)
    question = models.TextField(_("what you would like to discuss"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BOOKED)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    cancel_reason = models.CharField(_("cancellation reason"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    mentor_notes = models.TextField(_("mentor's notes"), blank=True)
    follow_up = models.TextField(_("follow-up actions"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mentor booking")
        verbose_name_plural = _("mentor bookings")
        constraints = [
            # The database's own guard against a double booking.
            models.UniqueConstraint(fields=["slot"], condition=Q(status="booked"), name="mentor_booking_one_per_slot"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="mentor_booking_rating_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.slot} · {self.get_topic_display()}"

    def is_active(self) -> bool:
        return self.status == self.Status.BOOKED

    def can_cancel(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_active() and self.slot.start - now >= CANCEL_CUTOFF

    def can_rate(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_active() and self.rating is None and self.slot.end <= now

    class Progress(models.TextChoices):
        """A booking's steps: its status says booked or cancelled; the session is held once its slot has ended."""

        BOOKED = "booked", _("Booked")
        HELD = "held", _("Session held")
        RATED = "rated", _("Rated")
        CANCELLED = "cancelled", _("Cancelled")

    def progress_current(self, now=None) -> str:
        if not self.is_active():
            return self.Progress.CANCELLED
        if self.rating is not None:
            return self.Progress.RATED
        return self.Progress.HELD if self.slot.end <= (now or timezone.now()) else self.Progress.BOOKED

    def progress_steps(self):
        from portal.progress import HOLDER_MENTOR, HOLDER_YOU, step

        P = self.Progress
        if not self.is_active():
            return [step(P, P.BOOKED), step(P, P.CANCELLED, negative=True)]
        return [step(P, P.BOOKED, HOLDER_MENTOR), step(P, P.HELD, HOLDER_YOU), step(P, P.RATED)]
