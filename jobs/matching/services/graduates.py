"""Training to job: a trainee who passed a class is proposed the open positions the matcher ranks best for them,
in the occupations the course trains for (any occupation when the course names none), as one notice.

Triggered by portal.events.training_graduated (connected in MatchingConfig.ready), so the training app never
imports the jobs app; the work runs in a task after the completion commits."""

from django.db.models import Q
from django.utils.translation import gettext_lazy, ngettext_lazy

from jobs.matching import selectors
from jobs.models import Position
from portal.messages import Message, lines
from portal.models import Notification, OccupationCategory, VeteranProfile
from portal.services.notifications import notify

PROPOSED_POSITIONS = 5
KIND = "job_push"  # the veteran's "positions that match me" preference governs it, like every targeted push


def graduate_event_key(enrollment_id: int) -> str:
    return f"training-graduate-{enrollment_id}-positions"


def occupation_positions(occupation_ids) -> "Position.objects":
    """Published positions in these occupations or their sub-occupations (all published positions without any)."""
    positions = Position.objects.published()
    ids = [int(pk) for pk in occupation_ids or ()]
    if not ids:
        return positions
    return positions.filter(Q(category_id__in=ids) | Q(category__parent_id__in=ids))


def recommended_url(occupation_ids) -> str:
    ids = ",".join(str(int(pk)) for pk in occupation_ids or ())
    return "/jobs/recommended/" + (f"?occupations={ids}" if ids else "")


def graduate_positions_propose(
    *, enrollment_id: int, user_id: int, course_title: str, occupation_ids: list[int]
) -> Notification | None:
    """Tell the graduate of up to PROPOSED_POSITIONS matched open positions, once per completed enrolment. Quiet
    (None) for someone the matcher cannot place (no verified veteran profile) or when nothing is open."""
    profile = VeteranProfile.objects.verified().select_related("user", "region").filter(user_id=user_id).first()
    if profile is None:
        return None
    known = list(OccupationCategory.objects.filter(pk__in=occupation_ids or []).values_list("pk", flat=True))
    matches = selectors.recommended_positions(profile, limit=PROPOSED_POSITIONS, queryset=occupation_positions(known))
    if not matches:
        return None
    title = Message(
        ngettext_lazy(
            "%(count)s position for graduates of %(course)s",
            "%(count)s positions for graduates of %(course)s",
            len(matches),
        ),
        count=len(matches),
        course=course_title,
    )
    positions = [
        Message(
            "%(title)s · %(employer)s · %(salary)s %(unit)s",
            title=p.title,
            employer=p.organization.name,
            salary=p.salary_display(),
            unit=gettext_lazy("CNY/month"),
        )
        for p, _match in matches
    ]
    body = lines(Message(gettext_lazy("You completed your training; these open positions match you:")), *positions)
    return notify(
        recipient=profile.user,
        event_key=graduate_event_key(enrollment_id),
        kind=KIND,
        title=title,
        body=body,
        url=recommended_url(known),
    )
