"""Job fairs (招聘会): on-site, online or live-stream; booths, veteran registration and check-in, intents to hire."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobFairQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now())


class JobFair(models.Model):
    class Kind(models.TextChoices):
        ONSITE = "onsite", pgettext_lazy("fair kind", "On-site")
        ONLINE = "online", pgettext_lazy("fair kind", "Online")
        LIVESTREAM = "livestream", _("Live stream")

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ONSITE)
    organizer = models.CharField(_("organizer"), max_length=120)
    organizer_org = models.ForeignKey(
        "portal.Organization", models.SET_NULL, null=True, blank=True, related_name="organized_fairs"
    )
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey("portal.Region", models.PROTECT, related_name="job_fairs", verbose_name=_("region"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    stream_url = models.URLField(_("stream link"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    capacity = models.PositiveIntegerField(_("veteran capacity"))
    booth_count = models.PositiveIntegerField(_("number of booths"))
    is_published = models.BooleanField(_("published"), default=True)
    # The live room (jobs.services.live): which approved booth is on the stream now, since when, set by whom.
    presenting_booth = models.ForeignKey(
        "jobs.Booth", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("presenting now")
    )
    presenting_since = models.DateTimeField(_("presenting since"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = JobFairQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="jobs_fair_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gte=models.F("registration_opens_at")),
                name="jobs_fair_registration_window",
            ),
        ]

    def __str__(self):
        return self.title

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.registration_opens_at <= now <= self.registration_closes_at

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now <= self.ends_at

    def has_live_room(self) -> bool:
        return self.kind == self.Kind.LIVESTREAM


class Booth(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    fair = models.ForeignKey(JobFair, models.CASCADE, related_name="booths", verbose_name=_("job fair"))
    organization = models.ForeignKey(
        "portal.Organization", models.CASCADE, related_name="booths", verbose_name=_("employer")
    )
    number = models.PositiveIntegerField(_("booth number"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    positions = models.ManyToManyField("jobs.Position", blank=True, related_name="booths", verbose_name=_("positions"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        ordering = ["fair", "number", "id"]
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        constraints = [
            models.UniqueConstraint(fields=["fair", "organization"], name="jobs_one_booth_per_employer"),
            models.UniqueConstraint(fields=["fair", "number"], name="jobs_unique_booth_number"),
            models.CheckConstraint(condition=Q(number__isnull=True) | Q(number__gte=1), name="jobs_booth_number_pos"),
        ]

    def __str__(self):
        return f"{self.fair} #{self.number or '-'} {self.organization}"

    def is_approved(self) -> bool:
        """Taking part in the fair: its QR code, queue and intents work (queue_take_number, intent_record)."""
        return self.status == self.Status.APPROVED

    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED


def booth_offers(*, fair, position):
    """The links (booth, position) that put `position` at an approved booth of `fair`: the one rule that ties an
    application to a fair. `fair` and `position` are rows, ids or OuterRef() expressions, so the application service
    (one row) and the statistics (Exists over many rows) ask the same question."""
    return Booth.positions.through.objects.filter(
        booth__fair=fair, booth__status=Booth.Status.APPROVED, position=position
    )


class FairRegistration(models.Model):
    """A veteran's place at a fair. `seat` (1..capacity, unique per fair) backs the capacity rule in the database."""

    fair = models.ForeignKey(JobFair, models.CASCADE, related_name="registrations", verbose_name=_("job fair"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="fair_registrations")
    seat = models.PositiveIntegerField(_("place number"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set only when bureau staff checked the veteran in outside the fair's hours (an override, also audited).
    check_in_override_reason = models.CharField(
        _("reason for checking in outside the fair's hours"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["fair", "seat"]
        verbose_name = _("fair registration")
        verbose_name_plural = _("fair registrations")
        constraints = [
            models.UniqueConstraint(fields=["fair", "user"], name="jobs_one_registration_per_fair"),
            models.UniqueConstraint(fields=["fair", "seat"], name="jobs_unique_fair_seat"),
            models.CheckConstraint(condition=Q(seat__gte=1), name="jobs_fair_seat_positive"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.fair}"

    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None

    class Progress(models.TextChoices):
        """A registration's steps, read from its timestamps and intents (it keeps no status of its own)."""

        REGISTERED = "registered", pgettext_lazy("fair registration step", "Registered")
        CHECKED_IN = "checked_in", _("Checked in at the fair")
        INTENT = "intent", _("Intent reached")

    def progress_steps(self):
        from portal.progress import HOLDER_YOU, step

        P = self.Progress
        return [step(P, P.REGISTERED, HOLDER_YOU), step(P, P.CHECKED_IN, HOLDER_YOU), step(P, P.INTENT)]

    def progress_current(self) -> str:
        if self.intents.exists():
            return self.Progress.INTENT
        return self.Progress.CHECKED_IN if self.is_checked_in() else self.Progress.REGISTERED

    def progress_history(self):
        from portal.progress import HistoryEntry

        entries = [HistoryEntry(self.created_at, str(self.Progress.REGISTERED.label))]
        if self.checked_in_at:
            entries.append(HistoryEntry(self.checked_in_at, str(self.Progress.CHECKED_IN.label)))
        for intent in self.intents.select_related("position").order_by("created_at"):
            entries.append(HistoryEntry(intent.created_at, str(self.Progress.INTENT.label), intent.position.title))
        return entries


class IntentRecord(models.Model):
    """An intent to hire (达成求职意向) recorded at a booth for a checked-in veteran and one of its positions."""

    booth = models.ForeignKey(Booth, models.CASCADE, related_name="intents", verbose_name=_("booth"))
    registration = models.ForeignKey(FairRegistration, models.CASCADE, related_name="intents")
    position = models.ForeignKey("jobs.Position", models.CASCADE, related_name="intents", verbose_name=_("position"))
    application = models.ForeignKey("jobs.Application", models.CASCADE, related_name="intents")
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("intent to hire")
        verbose_name_plural = _("intents to hire")
        constraints = [
            models.UniqueConstraint(fields=["registration", "position"], name="jobs_one_intent_per_position"),
        ]

    def __str__(self):
        return f"{self.registration} ⇒ {self.position}"
