"""Applications (投递) with their status pipeline and history, and employment follow-up (就业跟踪) after a hire."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.models.fairs import booth_offers


class ApplicationQuerySet(models.QuerySet):
    def counted_at_fairs(self):
        """Applications that count for their fair: linked to one, for a position at one of its approved booths.
        Fair statistics (page, API, staff export, dashboard) count through this, so a fair link a veteran could
        have set on a position the fair does not offer (or one left after a booth was rejected) never counts."""
        return self.filter(at_fair_booth())


def at_fair_booth() -> Exists:
    """True for an application whose position is at an approved booth of its fair (see booth_offers)."""
    return Exists(booth_offers(fair=OuterRef("fair"), position=OuterRef("position")))


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VIEWED = "viewed", _("Viewed")
        INTERVIEW = "interview", _("Interview")
        INTENT = "intent", _("Intent reached")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        ONLINE = "online", pgettext_lazy("application source", "Online")
        FAIR = "fair", _("Job fair")
        SCAN = "scan", _("Scan to apply")
        LIVE = "live", _("Live-stream room")

    position = models.ForeignKey("jobs.Position", models.CASCADE, related_name="applications")
    veteran = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="job_applications")
    note = models.TextField(_("note to the employer"), blank=True)
    # What the employer saw at the time of applying (masked name, education, skills …), never the full ID number.
    profile_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    fair = models.ForeignKey(
        "jobs.JobFair", models.SET_NULL, null=True, blank=True, related_name="applications", verbose_name=_("job fair")
    )
    # The booth that brought the position when the application was made in a fair's live room (its presenter).
    booth = models.ForeignKey(
        "jobs.Booth", models.SET_NULL, null=True, blank=True, related_name="applications", verbose_name=_("booth")
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["position", "veteran"], name="jobs_one_application_per_position")
        ]
        indexes = [models.Index(fields=["veteran", "-created_at"], name="jobs_app_veteran_idx")]
        # Its message thread (jobs.threads) is a portal.Thread; the permission stays the jobs app's.
        permissions = [("read_complained_thread", "Can read any message thread under complaint")]

    def __str__(self):
        return f"{self.veteran} → {self.position}"

    def is_final(self) -> bool:
        return self.status in (self.Status.HIRED, self.Status.REJECTED, self.Status.WITHDRAWN)

    def is_successful(self) -> bool:
        """The employer means to hire, or has hired."""
        return self.status in (self.Status.INTENT, self.Status.HIRED)

    def ended_without_hire(self) -> bool:
        return self.status in (self.Status.REJECTED, self.Status.WITHDRAWN)

    # The way to a hire, in order; "rejected" and "withdrawn" end it wherever it had got to.
    HIRING_PATH = (Status.SUBMITTED, Status.VIEWED, Status.INTERVIEW, Status.INTENT, Status.HIRED)

    def progress_steps(self):
        """The hiring path, or the part of it this application reached and how it ended (portal.progress)."""
        from portal.progress import HOLDER_EMPLOYER, step

        S = self.Status
        if self.status not in (S.REJECTED, S.WITHDRAWN):
            return [step(S, value, HOLDER_EMPLOYER if value != S.HIRED else "") for value in self.HIRING_PATH]
        reached = {event.to_status for event in self.events.all()} | {S.SUBMITTED}
        path = [step(S, value) for value in self.HIRING_PATH if value in reached]
        return [*path, step(S, self.status, negative=True)]

    def progress_history(self):
        from portal.progress import HistoryEntry

        return [HistoryEntry(e.created_at, str(self.Status(e.to_status).label), e.note) for e in self.events.all()]

    @property
    def applicant_name(self) -> str:
        """The masked name the employer saw when the person applied, or "Deleted user" once the account is gone."""
        from portal.people import display_name

        return display_name(self.veteran, name=self.profile_snapshot.get("name") or None)

    @property
    def applicant_masked_id_number(self) -> str:
        return self.profile_snapshot.get("id_number", "") if not self.veteran.is_erased else ""

    def snapshot_region(self) -> str:
        """The region snapshotted when applying, in the reader's language (reference data: the snapshot keeps its
        code; one taken before codes were kept shows the name it stored)."""
        from portal.models import Region

        snapshot = self.profile_snapshot or {}
        code = snapshot.get("region_code")
        region = Region.objects.named().filter(code=code).first() if code else None
        return region.full_name if region else snapshot.get("region", "")

    def snapshot_specialties(self) -> list[str]:
        """The military specialties snapshotted when applying, in the reader's language (as snapshot_region)."""
        from portal.models import MilitarySpecialty

        snapshot = self.profile_snapshot or {}
        codes = snapshot.get("specialty_codes")
        if codes is None:
            return list(snapshot.get("specialties", []))
        labels = {s.code: s.label for s in MilitarySpecialty.objects.filter(code__in=codes)}
        return [labels[code] for code in codes if code in labels]

    def applicant_label(self) -> str:
        """ "Veteran", or for a family member the kind and relation ("随军家属 · 配偶"), as snapshotted when applying
        (shown in the reader's language)."""
        from portal.models import FamilyMemberProfile

        snapshot = self.profile_snapshot or {}
        if snapshot.get("applicant_kind") != "family":
            return str(_("Veteran"))
        family = FamilyMemberProfile(relation=snapshot.get("relation", ""))
        return f"{family.kind_label} · {family.get_relation_display()}"


class ApplicationEvent(models.Model):
    """One change of an application's status: when, by whom, from what to what."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=20, choices=Application.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Application.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"


class EmploymentRecord(models.Model):
    """Created when an application reaches "hired"; followed up at 1, 3 and 6 months."""

    class Status(models.TextChoices):
        EMPLOYED = "employed", pgettext_lazy("employment follow-up", "Employed")
        LEFT = "left", _("Left the job")

    application = models.OneToOneField(Application, models.CASCADE, related_name="employment")
    veteran = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="employment_records")
    organization = models.ForeignKey("portal.Organization", models.CASCADE, related_name="employment_records")
    position = models.ForeignKey("jobs.Position", models.CASCADE, related_name="employment_records")
    started_on = models.DateField(_("started on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.EMPLOYED)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")

    def __str__(self):
        return f"{self.veteran} @ {self.organization}"


# A follow-up is due from its date for this long (the time to reach the employer and the veteran); then overdue.
FOLLOW_UP_GRACE_DAYS = 14


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        """Not recorded, and not closed by an earlier follow-up that found the veteran had left."""
        left_earlier = FollowUp.objects.filter(
            record=OuterRef("record"), months__lt=OuterRef("months"), still_employed=False, done_at__isnull=False
        )
        return self.filter(done_at__isnull=True).exclude(Exists(left_earlier))

    def done(self):
        return self.filter(done_at__isnull=False)

    def upcoming(self, today):
        return self.open().filter(due_on__gt=today)

    def due(self, today):
        """Open and due now: from the due date for FOLLOW_UP_GRACE_DAYS."""
        return self.open().filter(due_on__lte=today, due_on__gt=today - datetime.timedelta(days=FOLLOW_UP_GRACE_DAYS))

    def overdue(self, today):
        return self.open().filter(due_on__lte=today - datetime.timedelta(days=FOLLOW_UP_GRACE_DAYS))


class FollowUp(models.Model):
    class Milestone(models.IntegerChoices):
        ONE_MONTH = 1, _("1 month")
        THREE_MONTHS = 3, _("3 months")
        SIX_MONTHS = 6, _("6 months")

    record = models.ForeignKey(EmploymentRecord, models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("milestone"), choices=Milestone.choices)
    due_on = models.DateField(_("due on"), db_index=True)
    done_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    still_employed = models.BooleanField(_("still employed"), null=True, blank=True)
    reason = models.CharField(_("reason for leaving / remarks"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["record", "months"], name="jobs_one_follow_up_per_milestone")]

    def __str__(self):
        return f"{self.record} +{self.months}m"

    def is_done(self) -> bool:
        return self.done_at is not None

    def state(self, today) -> str:
        """upcoming, due, overdue or done (the staff queue's tabs; see FollowUpQuerySet)."""
        if self.is_done():
            return "done"
        if self.due_on > today:
            return "upcoming"
        return "due" if (today - self.due_on).days < FOLLOW_UP_GRACE_DAYS else "overdue"
