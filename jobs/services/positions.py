"""Positions: create, edit, submit for review (or auto-publish for trusted employers), review, close, expire."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import thesaurus
from jobs.matching.tasks import position_matches_refresh, position_published
from jobs.models import Position
from jobs.page_cache import forget_organizations
from jobs.services.spot_checks import spot_check_draw
from jobs.tasks import send_instant_search_alerts
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog, Organization
from portal.search import index_row
from portal.services.audit import audit_record
from portal.services.notifications import notify

EDITABLE_FIELDS = [
    "title",
    "description",
    "category",
    "region",
    "work_address",
    "salary_min",
    "salary_max",
    "headcount",
    "education",
    "experience_years",
    "skills",
    "veteran_priority",
    "targeted",
    "welcomes_family",
    "deadline",
]


def _check_employer(organization: Organization) -> None:
    if organization.org_type != Organization.Type.EMPLOYER or not organization.is_verified():
        raise ValidationError(_("Only verified employers can post positions."))


def _clean_skills(skills) -> list[str]:
    if isinstance(skills, str):
        skills = skills.replace("，", ",").split(",")
    return list(dict.fromkeys(s.strip()[:30] for s in (skills or []) if s and s.strip()))[:20]


def position_index(position: Position) -> None:
    """Index the position's text with the jobs thesaurus (synonyms and aliases stored as their main words too)."""
    title, body = position.search_text()
    index_row(position, title=title, body=body, segmenter=thesaurus.current().segment)


@transaction.atomic
def position_save(*, organization, user, data: dict, position: Position | None = None, specialties=None) -> Position:
    """Create (position=None) or edit a position of `organization`. Published positions may not be edited."""
    _check_employer(organization)
    if position is None:
        position = Position(organization=organization, created_by=user)
    elif position.organization_id != organization.pk:
        raise AccessDenied(_("This position belongs to another employer."), hide=True)
    elif not position.is_editable():
        raise ValidationError(_("A published or closed position cannot be edited; close it and post a new one."))
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(position, field, data[field])
    position.skills = _clean_skills(position.skills)
    if (
        position.salary_min is not None
        and position.salary_max is not None
        and position.salary_min > position.salary_max
    ):
        raise ValidationError({"salary_max": _("The maximum salary must not be below the minimum.")})
    if position.deadline and position.deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The application deadline is in the past.")})
    position.full_clean(exclude=["search_vector"])
    position.save()
    if specialties is not None:
        position.military_specialties.set(specialties)
    position_index(position)
    return position


@transaction.atomic
def position_submit(*, position: Position, user) -> Position:
    """Draft/rejected → pending review, or straight to published for an employer trusted to auto-publish."""
    position = Position.objects.select_for_update().select_related("organization").get(pk=position.pk)
    _check_employer(position.organization)
    if not position.can_submit():
        raise ValidationError(_("Only a draft or rejected position can be submitted for review."))
    if position.organization.auto_publish:
        _publish(position)
        spot_check_draw(position=position)
    else:
        position.status = Position.Status.PENDING
        position.rejection_reason = ""
        position.save(update_fields=["status", "rejection_reason", "updated_at"])
    return position


def _publish(position: Position, reviewer=None) -> None:
    now = timezone.now()
    position.status = Position.Status.PUBLISHED
    position.published_at = now
    position.rejection_reason = ""
    position.reviewed_by = reviewer
    position.reviewed_at = now if reviewer else None
    position.save(
        update_fields=["status", "published_at", "rejection_reason", "reviewed_by", "reviewed_at", "updated_at"]
    )
    # Targeted push to matching veterans (jobs.matching) and instant saved-search alerts once the publish commits;
    # a rollback sends nothing. Both use the same notice key, so a person hears of the position once.
    position_published.delay_on_commit(position.pk)
    send_instant_search_alerts.delay_on_commit(position.pk)
    position_matches_refresh.delay_on_commit(position.pk)  # stored recommendations and candidates (jobs.matching)


def _notify_posters(position: Position, event: str, title, body="") -> None:
    for membership in position.organization.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"jobs-position-{position.pk}-{event}",
            kind="jobs_position",
            title=title,
            body=body,
            url=f"/jobs/employer/positions/{position.pk}/",
        )


@transaction.atomic
def position_approve(*, position: Position, staff, request=None) -> Position:
    position = Position.objects.select_for_update().get(pk=position.pk)
    if not position.awaits_review():
        raise ValidationError(_("Only a position pending review can be approved."))
    _publish(position, reviewer=staff)
    audit_record(actor=staff, action=AuditLog.Action.APPROVE, target=position, request=request)
    _notify_posters(position, "approved", Message(gettext_lazy("Position published: %(title)s"), title=position.title))
    return position


@transaction.atomic
def position_reject(*, position: Position, staff, reason: str, request=None) -> Position:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason so the employer can correct the position.")})
    position = Position.objects.select_for_update().get(pk=position.pk)
    if not position.awaits_review():
        raise ValidationError(_("Only a position pending review can be rejected."))
    position.status = Position.Status.REJECTED
    position.rejection_reason = reason[:300]
    position.reviewed_by = staff
    position.reviewed_at = timezone.now()
    position.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(
        actor=staff, action=AuditLog.Action.REJECT, target=position, detail={"reason": reason}, request=request
    )
    _notify_posters(
        position,
        f"rejected-{position.reviewed_at:%Y%m%d%H%M%S}",
        Message(gettext_lazy("Position returned: %(title)s"), title=position.title),
        reason,
    )
    return position


@transaction.atomic
def position_close(*, position: Position, user) -> Position:
    position = Position.objects.select_for_update().get(pk=position.pk)
    if not position.can_close():
        raise ValidationError(_("Only a published position can be closed."))
    position.status = Position.Status.CLOSED
    position.closed_at = timezone.now()
    position.save(update_fields=["status", "closed_at", "updated_at"])
    position_matches_refresh.delay_on_commit(position.pk)  # pages already skip it; this deletes its stored rows
    return position


def positions_expire(today=None) -> int:
    """Published positions past their deadline become expired. Safe to rerun."""
    expiring = Position.objects.published().past_deadline(today)
    organization_ids = set(expiring.values_list("organization_id", flat=True))
    expired = expiring.update(status=Position.Status.EXPIRED, closed_at=timezone.now(), updated_at=timezone.now())
    forget_organizations(*organization_ids)  # an update sends no signal: their pages show the new status
    return expired
