"""Interviews (面试): the employer offers times for an application, the applicant picks one or asks for another,
either side reschedules or cancels with a reason, both are reminded the day before and an hour before.

A time is an InterviewSlot of the employer organization. One slot may be offered to several applicants (a
recruiter offers the same afternoon to everyone shortlisted); it is booked by at most one interview
(`InterviewSlot.booking` is unique), and on PostgreSQL an exclusion constraint (migration 0004) also stops one
interviewer's booked slots from overlapping. The writes are in jobs.services.interviews.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InterviewSlot(models.Model):
    class Mode(models.TextChoices):
        ONSITE = "onsite", pgettext_lazy("interview mode", "On site")
        VIDEO = "video", _("Video call")

    organization = models.ForeignKey(
        "portal.Organization", models.CASCADE, related_name="interview_slots", verbose_name=_("employer")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.ONSITE)
    address = models.CharField(_("address"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    bring = models.CharField(_("what to bring"), max_length=300, blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="interview_slots",
        verbose_name=_("interviewer"),
    )
    # The interview that picked this slot: unique, so a slot is booked once however many applicants race for it.
    booking = models.OneToOneField(
        "jobs.Interview",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="booked_slot",
        verbose_name=_("booked by"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="jobs_slot_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(mode="onsite", address="") & ~Q(mode="video", video_link=""),
                name="jobs_slot_has_place_or_link",
            ),
            models.UniqueConstraint(
                fields=["interviewer", "starts_at"],
                condition=Q(interviewer__isnull=False),
                name="jobs_interviewer_one_slot_per_start",
            ),
        ]
        indexes = [models.Index(fields=["interviewer", "starts_at"], name="jobs_slot_interviewer_idx")]

    def __str__(self):
        return f"{self.organization} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def place(self) -> str:
        return self.address if self.mode == self.Mode.ONSITE else self.video_link


class InterviewQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Interview.ACTIVE)


class Interview(models.Model):
    """One interview round of an application. Several rounds may follow one another; one is under way at a time."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the applicant to pick a time")
        RETIME = "retime", _("Applicant asked for another time")
        BOOKED = "booked", pgettext_lazy("interview", "Booked")
        CANCELLED = "cancelled", pgettext_lazy("interview", "Cancelled")
        HELD = "held", _("Held")

    ACTIVE = (Status.PROPOSED, Status.RETIME, Status.BOOKED)

    application = models.ForeignKey(
        "jobs.Application", models.CASCADE, related_name="interviews", verbose_name=_("application")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    note = models.TextField(_("note from the employer"), max_length=1000, blank=True)
    offered_slots = models.ManyToManyField(InterviewSlot, related_name="offers", verbose_name=_("offered times"))
    retime_note = models.CharField(_("applicant's note asking for another time"), max_length=500, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # The time booked last, kept when the booking is released (the cancelled calendar entry names it).
    last_slot = models.ForeignKey(
        InterviewSlot, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("last booked time")
    )
    # How many times a slot was booked: each booking is reminded anew, and the calendar file's SEQUENCE.
    booking_round = models.PositiveIntegerField(_("booking round"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["proposed", "retime", "booked"]),
                name="jobs_one_open_interview_per_application",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_status_display()}"

    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    def awaits_pick(self) -> bool:
        """Times are on offer (or the applicant asked for others): the applicant may book one."""
        return self.status in (self.Status.PROPOSED, self.Status.RETIME)

    def can_request_retime(self) -> bool:
        return self.status == self.Status.PROPOSED

    def retime_requested(self) -> bool:
        return self.status == self.Status.RETIME

    def is_booked(self) -> bool:
        """A time is booked: the applicant may reschedule, the employer record the outcome."""
        return self.status == self.Status.BOOKED

    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def slot(self) -> InterviewSlot | None:
        """The booked slot, if any."""
        try:
            return self.booked_slot
        except InterviewSlot.DoesNotExist:
            return None


class InterviewEvent(models.Model):
    """What happened to an interview, by whom, why: nothing is lost when it is rescheduled or cancelled."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("Times offered")
        PICKED = "picked", _("Time picked")
        RETIME = "retime", _("Another time asked for")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CANCELLED = "cancelled", pgettext_lazy("interview", "Cancelled")
        HELD = "held", _("Held")

    interview = models.ForeignKey(Interview, models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    slot_starts_at = models.DateTimeField(_("time concerned"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("interview event")
        verbose_name_plural = _("interview events")

    def __str__(self):
        return self.get_kind_display()


class InterviewReminder(models.Model):
    """The sent-marker of one reminder: (interview, kind, booking round) is unique, so a rerun of the sweep, a
    duplicated task or two beat processes remind once. A rescheduled booking is a new round and is reminded again."""

    class Kind(models.TextChoices):
        DAY = "day", _("The day before")
        HOUR = "hour", _("An hour before")

    interview = models.ForeignKey(Interview, models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    booking_round = models.PositiveIntegerField(_("booking round"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview reminder")
        verbose_name_plural = _("interview reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "kind", "booking_round"], name="jobs_one_reminder_per_interview_kind"
            )
        ]

    def __str__(self):
        return f"{self.interview} {self.kind}"
