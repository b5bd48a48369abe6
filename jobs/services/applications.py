"""Applications: a veteran applies once per open position; the employer moves it through the pipeline.

Every change writes an ApplicationEvent (time, actor) and notifies the veteran (in-site; e-mail if allowed).
A hire creates an employment record with follow-ups due at 1, 3 and 6 months.
Where an application was made (online, at a fair, by scanning a booth's code) is found here from what the request
proves, never taken from the caller's word, so the page, the API, 代办 and intents at a booth obey one rule.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.models import Application, ApplicationEvent, Booth, EmploymentRecord, FollowUp, JobFair, Position
from jobs.models.fairs import booth_offers
from jobs.permissions import can_manage_position
from jobs.services.interview_state import interviews_close_for_application
from jobs.services.scan_links import booth_scan_token_read
from portal.exceptions import AccessDenied
from portal.messages import Message, lines
from portal.permissions import is_bureau_staff
from portal.services.consents import application_sharing_consent
from portal.services.family import family_profile_require_verified
from portal.services.notifications import notify

S = Application.Status
# Forward moves the employer may make; the veteran may only withdraw a non-final application.
EMPLOYER_MOVES = {
    S.SUBMITTED: {S.VIEWED, S.INTERVIEW, S.INTENT, S.HIRED, S.REJECTED},
    S.VIEWED: {S.INTERVIEW, S.INTENT, S.HIRED, S.REJECTED},
    S.INTERVIEW: {S.INTENT, S.HIRED, S.REJECTED},
    S.INTENT: {S.HIRED, S.REJECTED},
}


def _family_snapshot(profile) -> dict:
    """What the employer sees of a family member: masked, with the relation (随军家属 · 配偶) but nothing of the
    veteran beyond that a verified link exists."""
    return {
        "applicant_kind": "family",
        "relation": profile.relation,
        "name": profile.masked_name,
        "id_number": profile.masked_id_number,
        "skills": [],
        "region": profile.region.full_name if profile.region_id else "",
        "region_code": profile.region.code if profile.region_id else "",
        "specialties": [],
        "specialty_codes": [],
        "has_resume": False,
    }


def profile_snapshot(user) -> dict:
    profile = getattr(user, "veteran_profile", None)
    if profile is None:
        family = getattr(user, "family_profile", None)
        return _family_snapshot(family) if family is not None else {}
    return {
        "applicant_kind": "veteran",
        "name": profile.masked_name,
        "id_number": profile.masked_id_number,
        "education": profile.education,
        "skills": list(profile.skills or []),
        "region": profile.region.full_name if profile.region_id else "",
        "region_code": profile.region.code if profile.region_id else "",
        "specialties": [s.name for s in profile.military_specialties.all()],
        "specialty_codes": [s.code for s in profile.military_specialties.all()],
        "has_resume": bool(profile.resume),
    }


def _status_notice_body(application: Application, *, from_status: str, actor, note: str):
    """What the applicant is told: their own submission or withdrawal as theirs, the employer's move with its note."""
    employer = application.position.organization.name
    if not from_status:
        return Message(gettext_lazy("Your application has been sent to %(employer)s."), employer=employer)
    if actor is not None and actor.pk == application.veteran_id:
        return Message(gettext_lazy("You withdrew your application."))
    body = Message(
        gettext_lazy("%(employer)s moved your application to “%(status)s”."),
        employer=employer,
        status=Application.Status(application.status).label,
    )
    return lines(body, note and Message(gettext_lazy("Note from the employer: %(note)s"), note=note))


def _record(application: Application, *, from_status: str, actor, note: str = "", notice: bool = True) -> None:
    ApplicationEvent.objects.create(
        application=application, from_status=from_status, to_status=application.status, actor=actor, note=note[:300]
    )
    if not notice:
        return
    position, recipient = application.position, application.veteran
    title = Message(
        gettext_lazy("%(position)s: %(status)s"),
        position=position.title,
        status=Application.Status(application.status).label,
    )
    body = _status_notice_body(application, from_status=from_status, actor=actor, note=note[:300])
    notify(
        recipient=recipient,
        event_key=f"jobs-application-{application.pk}-{application.status}",
        kind="jobs_application",
        title=title,
        body=body,
        url="/jobs/applications/mine/",
    )


def _scanned_fair(*, position: Position, scan_link: str) -> JobFair | None:
    """The fair of the booth whose genuine scan link this is, if that booth (approved) brings the position and
    its fair is not over; None otherwise — a forged, stale or foreign link only means the scan is not proven."""
    ids = booth_scan_token_read(scan_link) if scan_link else None
    if ids is None:
        return None
    fair_id, booth_id = ids
    link = booth_offers(fair=fair_id, position=position).filter(booth_id=booth_id).select_related("booth__fair")
    link = link.first()
    if link is None or link.booth.fair.ends_at < timezone.now():
        return None
    return link.booth.fair


def application_origin(*, position: Position, fair: JobFair | None, scan_link: str) -> tuple[JobFair | None, str]:
    """(fair, source) for a new application: "scan" through a genuine booth link, "fair" when the position is at
    one of the claimed fair's approved booths, "online" when no fair is claimed. A claimed fair that does not
    offer the position is refused rather than quietly dropped: the request asserts something untrue."""
    scanned = _scanned_fair(position=position, scan_link=scan_link)
    if scanned is not None and (fair is None or fair.pk == scanned.pk):
        return scanned, Application.Source.SCAN
    if fair is None:
        return None, Application.Source.ONLINE
    if not booth_offers(fair=fair, position=position).exists():
        raise ValidationError({"fair": _("This position is not offered at that job fair.")})
    return fair, Application.Source.FAIR


def application_claims(*, position: Position, fair_id: str, scan_link: str) -> tuple[JobFair | None, str]:
    """The fair (a published one) and scan token a page's link claims, kept only as far as application_origin
    accepts them: a stale link (a position since taken off the booth) still lets the veteran apply, as an ordinary
    application, instead of carrying a claim the application would be refused for."""
    scan_link = scan_link[:200]
    fair = JobFair.objects.published().filter(pk=fair_id).first() if fair_id.isdigit() else None
    try:
        fair, source = application_origin(position=position, fair=fair, scan_link=scan_link)
    except ValidationError:
        return None, ""
    return fair, scan_link if source == Application.Source.SCAN else ""


def live_room_origin(*, position: Position, booth: Booth) -> JobFair:
    """The fair of a live-stream room application: `booth` (approved, at a live-stream fair that is not over)
    must bring the position. Refused otherwise: the request claims a booth that does not offer it."""
    fair = booth.fair
    if not fair.has_live_room() or fair.ends_at < timezone.now():
        raise ValidationError(_("This fair's live room is closed."))
    if not booth_offers(fair=fair, position=position).filter(booth_id=booth.pk).exists():
        raise ValidationError({"position": _("This position is not presented by that booth.")})
    return fair


@transaction.atomic
def application_submit(
    *,
    position: Position,
    veteran,
    share_consent: bool,
    channel: str,
    recorded_by=None,
    note: str = "",
    fair: JobFair | None = None,
    scan_link: str = "",
    booth: Booth | None = None,
) -> Application:
    """Apply with the veteran's profile résumé. A family member (随军家属/优抚对象) may apply once staff verified
    the link, to a position that welcomes families. Refuses anyone else, a closed position and a second application.
    Applying sends the employer the applicant's name and contact (PIPL art. 23): `share_consent` says the applicant
    agreed to that with this application (a Consent recorded through `channel`, by `recorded_by` when someone takes
    it in person); without it a live sharing consent must exist, else a ValidationError on "share_consent". Every
    door applies through here, so the application and its consent are kept together or not at all.
    `fair` is the fair the veteran applies at (refused unless one of its approved booths brings the position) and
    `scan_link` the token of the booth's QR code (booth_scan_token); see application_origin. `booth` is the booth
    presenting in a live-stream room the veteran applies from: the application is attributed to it and its fair
    (source "live"), see live_room_origin."""
    family = None
    if not hasattr(veteran, "veteran_profile"):
        if not hasattr(veteran, "family_profile"):
            raise ValidationError(_("Complete your veteran profile before applying."))
        family = family_profile_require_verified(user=veteran)
    position = Position.objects.select_related("organization").get(pk=position.pk)
    if not position.is_open():
        raise ValidationError(_("This position is no longer accepting applications."))
    if family is not None and not position.welcomes_family:
        raise ValidationError(_("This position is open to veterans only, not to family members."))
    if Application.objects.filter(position=position, veteran=veteran).exists():
        raise ValidationError(_("You have already applied for this position."))
    if booth is not None:
        fair, source = live_room_origin(position=position, booth=booth), Application.Source.LIVE
    else:
        fair, source = application_origin(position=position, fair=fair, scan_link=scan_link)
    # Inside this transaction: a refused application rolls the consent back with it.
    application_sharing_consent(user=veteran, given=share_consent, channel=channel, recorded_by=recorded_by)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                position=position,
                veteran=veteran,
                note=(note or "").strip()[:2000],
                profile_snapshot=profile_snapshot(veteran),
                source=source,
                fair=fair,
                booth=booth,
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
            title=Message(gettext_lazy("New applicant for %(position)s"), position=position.title),
            url=f"/jobs/employer/applications/{application.pk}/",
            email=False,
        )
    return application


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("position__organization").get(pk=application.pk)


@transaction.atomic
def application_transition(
    *, application: Application, actor, to_status: str, note: str = "", notice: bool = True
) -> Application:
    """Move an application; the employer (or staff) forward, the veteran only to withdrawn. `notice=False` when the
    caller tells the applicant itself (an interview invitation says more than "Interview"). Closing an application
    (withdrawn, not selected) cancels its interview under way and frees the booked time."""
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
    _record(application, from_status=current, actor=actor, note=note, notice=notice)
    if to_status == S.HIRED:
        employment_record_create(application=application)
    if to_status in (S.WITHDRAWN, S.REJECTED):
        interviews_close_for_application(application=application, actor=actor)
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
