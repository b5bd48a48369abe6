"""Applications: a veteran applies once per open position; the employer moves it through the pipeline.

Every change writes an ApplicationEvent (time, actor) and notifies the veteran (in-site; e-mail if allowed).
A hire creates an employment record with follow-ups due at 1, 3 and 6 months.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Application, ApplicationEvent, EmploymentRecord, FollowUp, Position
from jobs.permissions import can_manage_position
from portal.exceptions import AccessDenied
from portal.permissions import is_bureau_staff
from portal.services.notifications import notify

S = Application.Status
# Forward moves the employer may make; the veteran may only withdraw a non-final application.
EMPLOYER_MOVES = {
    S.SUBMITTED: {S.VIEWED, S.INTERVIEW, S.INTENT, S.HIRED, S.REJECTED},
    S.VIEWED: {S.INTERVIEW, S.INTENT, S.HIRED, S.REJECTED},
    S.INTERVIEW: {S.INTENT, S.HIRED, S.REJECTED},
    S.INTENT: {S.HIRED, S.REJECTED},
}


def profile_snapshot(user) -> dict:
    profile = getattr(user, "veteran_profile", None)
    if profile is None:
        return {}
    return {
        "name": profile.masked_name,
        "id_number": profile.masked_id_number,
        "education": profile.education,
        "skills": list(profile.skills or []),
        "region": profile.region.full_name if profile.region_id else "",
        "specialties": [s.name for s in profile.military_specialties.all()],
        "has_resume": bool(profile.resume),
    }


def _record(application: Application, *, from_status: str, actor, note: str = "") -> None:
    ApplicationEvent.objects.create(
        application=application, from_status=from_status, to_status=application.status, actor=actor, note=note[:300]
    )
    position = application.position
    notify(
        recipient=application.veteran,
        event_key=f"jobs-application-{application.pk}-{application.status}",
        kind="jobs_application",
        title=_("%(position)s: %(status)s") % {"position": position.title, "status": application.get_status_display()},
        body=_("%(employer)s updated your application.") % {"employer": position.organization.name},
        url="/jobs/applications/mine/",
    )


@transaction.atomic
def application_submit(
    *, position: Position, veteran, note: str = "", source: str = Application.Source.ONLINE, fair=None
):
    """Apply with the veteran's profile résumé. Refuses a non-veteran, a closed position and a second application."""
    if not hasattr(veteran, "veteran_profile"):
        raise ValidationError(_("Complete your veteran profile before applying."))
    position = Position.objects.select_related("organization").get(pk=position.pk)
    if not position.is_open():
        raise ValidationError(_("This position is no longer accepting applications."))
    if Application.objects.filter(position=position, veteran=veteran).exists():
        raise ValidationError(_("You have already applied for this position."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                position=position,
                veteran=veteran,
                note=(note or "").strip()[:2000],
                profile_snapshot=profile_snapshot(veteran),
                source=source,
                fair=fair,
            )
    except IntegrityError:  # a concurrent double click won the race
        raise ValidationError(_("You have already applied for this position.")) from None
    application.position = position
    _record(application, from_status="", actor=veteran)
    for membership in position.organization.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"jobs-application-{application.pk}-new",
            kind="jobs_applicant",
            title=_("New applicant for %(position)s") % {"position": position.title},
            url=f"/jobs/employer/applications/{application.pk}/",
            email=False,
        )
    return application


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("position__organization").get(pk=application.pk)


@transaction.atomic
def application_transition(*, application: Application, actor, to_status: str, note: str = "") -> Application:
    """Move an application; the employer (or staff) forward, the veteran only to withdrawn."""
    application = _locked(application)
    current = application.status
    if to_status == current:
        return application
    if to_status == S.WITHDRAWN:
        if actor.pk != application.veteran_id:
            raise AccessDenied(_("Only the applicant can withdraw an application."))
        if application.is_final():
            raise ValidationError(_("This application is already closed."))
    else:
        if not (is_bureau_staff(actor) or can_manage_position(actor, application.position)):
            raise AccessDenied(_("You cannot change applications to another employer's positions."))
        if to_status not in EMPLOYER_MOVES.get(current, set()):
            raise ValidationError(
                _("An application that is “%(current)s” cannot move to “%(target)s”.")
                % {"current": application.get_status_display(), "target": S(to_status).label}
            )
    application.status = to_status
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at"])
    _record(application, from_status=current, actor=actor, note=note)
    if to_status == S.HIRED:
        employment_record_create(application=application)
    return application


def application_mark_viewed(*, application: Application, actor) -> Application:
    """The employer opened the applicant: submitted → viewed (quietly nothing otherwise)."""
    if application.status != S.SUBMITTED:
        return application
    return application_transition(application=application, actor=actor, to_status=S.VIEWED)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for d in (day.day, 30, 29, 28):  # clamp 31 Jan + 1 month to the end of February
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def employment_record_create(*, application: Application, started_on: datetime.date | None = None):
    started_on = started_on or timezone.localdate()
    record, created = EmploymentRecord.objects.get_or_create(
        application=application,
        defaults={
            "veteran_id": application.veteran_id,
            "organization_id": application.position.organization_id,
            "position_id": application.position_id,
            "started_on": started_on,
        },
    )
    if created:
        FollowUp.objects.bulk_create(
            FollowUp(record=record, months=m, due_on=add_months(started_on, m)) for m in FollowUp.Milestone.values
        )
    return record
