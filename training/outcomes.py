"""Employment after training (就业跟踪 of graduates): who was hired within 1, 3 and 6 months of completing a class.

A graduate is *employed* at a milestone when a hire (the jobs app's EmploymentRecord, created when an application
reaches "hired") started between the completion day and the milestone day, and they had not left by then (the
record's left date, or a follow-up that found them no longer employed). Someone not employed whose milestone day
has not come yet is *pending*, never "not employed": their window is still open. Only after the milestone day
passes without a hire do they count as *not employed*. Rates are over the decided ones (employed + not employed).

The jobs app is read through the app registry, so training never imports it."""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

from training.models import Enrollment

MILESTONES = (1, 3, 6)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31 January + 1 month = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def jobs_model(name: str):
    """A model of the jobs app (EmploymentRecord, FollowUp), or None without it."""
    if not apps.is_installed("jobs"):
        return None
    try:
        return apps.get_model("jobs", name)
    except LookupError:
        return None


@dataclass
class Milestone:
    months: int
    employed: int = 0
    not_employed: int = 0
    pending: int = 0

    @property
    def decided(self) -> int:
        return self.employed + self.not_employed

    @property
    def rate(self) -> int | None:
        """Share (0–100) of the decided graduates who were employed; None while nobody is decided."""
        return round(100 * self.employed / self.decided) if self.decided else None


@dataclass
class ClassOutcome:
    graduates: int = 0
    milestones: dict = field(default_factory=lambda: {m: Milestone(m) for m in MILESTONES})


def _hires_by_veteran(veteran_ids, since: datetime.date) -> dict[int, list[tuple]]:
    """{veteran id: [(started_on, left_on or None), ...]} of hires that started on or after `since`."""
    record_model = jobs_model("EmploymentRecord")
    if record_model is None or not veteran_ids:
        return {}
    follow_up_model = jobs_model("FollowUp")
    records = record_model.objects.filter(veteran_id__in=veteran_ids, started_on__gte=since)
    left_at_follow_up = {}
    if follow_up_model is not None:
        found_gone = follow_up_model.objects.filter(record__in=records, done_at__isnull=False, still_employed=False)
        for record_id, due_on in found_gone.order_by("due_on").values_list("record_id", "due_on"):
            left_at_follow_up.setdefault(record_id, due_on)
    hires: dict[int, list[tuple]] = {}
    for pk, veteran_id, started_on, left_on in records.values_list("pk", "veteran_id", "started_on", "left_on"):
        hires.setdefault(veteran_id, []).append((started_on, left_on or left_at_follow_up.get(pk)))
    return hires


def milestone_state(completed_on: datetime.date, hires: list[tuple], months: int, today: datetime.date) -> str:
    """ "employed", "pending" or "not_employed" for one graduate at one milestone."""
    milestone_day = add_months(completed_on, months)
    seen_until = min(milestone_day, today)
    for started_on, left_on in hires:
        if completed_on <= started_on <= seen_until and (left_on is None or left_on > seen_until):
            return "employed"
    return "pending" if today < milestone_day else "not_employed"


def class_outcomes(class_ids, *, today: datetime.date | None = None) -> dict[int, ClassOutcome]:
    """{class id: ClassOutcome} for these classes: their graduates' employment at 1, 3 and 6 months. Three
    queries, whatever the number of classes."""
    today = today or timezone.localdate()
    graduates = list(
        Enrollment.objects.filter(
            training_class_id__in=list(class_ids), status=Enrollment.Status.COMPLETED, completed_at__isnull=False
        ).values_list("training_class_id", "veteran_id", "completed_at")
    )
    outcomes = {pk: ClassOutcome() for pk in class_ids}
    if not graduates:
        return outcomes
    completed = [(cls, vet, timezone.localdate(at)) for cls, vet, at in graduates]
    hires = _hires_by_veteran({vet for _c, vet, _d in completed}, min(day for _c, _v, day in completed))
    for class_id, veteran_id, completed_on in completed:
        outcome = outcomes[class_id]
        outcome.graduates += 1
        for months, milestone in outcome.milestones.items():
            state = milestone_state(completed_on, hires.get(veteran_id, []), months, today)
            setattr(milestone, state, getattr(milestone, state) + 1)
    return outcomes
