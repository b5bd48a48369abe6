"""Veteran registration (退役报到): saving the profile, staff verification, revealing the full ID number (audited)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from portal.exceptions import AccessDenied
from portal.models import AuditLog, Role, VeteranProfile
from portal.roles import grant_role
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.uploads import resume_prepare
from portal.validators import normalize_id_number

PROFILE_FIELDS = [
    "real_name",
    "phone",
    "region",
    "service_branch",
    "enlistment_date",
    "discharge_date",
    "rank",
    "education",
    "skills",
    "expected_salary",
    "employment_status",
    "open_to_employers",
]
PROFILE_M2M = ["military_specialties", "desired_categories", "desired_regions"]


def id_number_taken(id_number: str, *, exclude_user=None) -> bool:
    qs = VeteranProfile.objects.with_id_number(id_number)
    if exclude_user is not None:
        qs = qs.exclude(user=exclude_user)
    return qs.exists()


def veteran_profile_save(*, user, data: dict, id_number: str | None = None, resume=None) -> VeteranProfile:
    """Create or update the user's profile. `data` holds cleaned field values; `id_number` is the raw number or None
    to keep the stored one. Raises ValidationError (nothing saved) for a bad or duplicate ID number."""
    profile = VeteranProfile.objects.filter(user=user).first() or VeteranProfile(user=user)
    if id_number:
        try:
            id_number = normalize_id_number(id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages})
        if id_number_taken(id_number, exclude_user=user):
            raise ValidationError({"id_number": _("This ID number is already registered to another account.")})
        profile.set_id_number(id_number)
        profile.birth_date = ric.get_birth_date(id_number)
        profile.gender = "M" if int(id_number[16]) % 2 else "F"
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    if resume is not None:
        try:
            # Checked, an image re-encoded without EXIF/GPS; the replaced file is deleted on commit (ResumeField).
            profile.resume = resume_prepare(resume)
        except ValidationError as exc:
            raise ValidationError({"resume": exc.messages})
    if profile.enlistment_date and profile.discharge_date and profile.discharge_date < profile.enlistment_date:
        raise ValidationError({"discharge_date": _("The discharge date cannot be before the enlistment date.")})
    if profile.status in (VeteranProfile.Status.DRAFT, VeteranProfile.Status.REJECTED) and profile.is_complete():
        profile.status = VeteranProfile.Status.SUBMITTED
    try:
        with transaction.atomic():
            profile.save()
            for field in PROFILE_M2M:
                if field in data:
                    getattr(profile, field).set(data[field])
            grant_role(user, Role.VETERAN)
    except IntegrityError:  # two requests raced on the same ID number; the unique hash stopped the second
        raise ValidationError({"id_number": _("This ID number is already registered to another account.")})
    return profile


@transaction.atomic
def veteran_profile_verify(
    *, profile: VeteranProfile, staff_user, approve: bool = True, note: str = ""
) -> VeteranProfile:
    profile = VeteranProfile.objects.select_for_update().get(pk=profile.pk)
    if approve:
        if not profile.is_complete():
            raise ValidationError(_("The profile is incomplete and cannot be verified."))
        profile.status = VeteranProfile.Status.VERIFIED
        profile.verified_at = timezone.now()
        profile.verified_by = staff_user
        title = _("Your veteran registration has been verified")
    else:
        if not note:
            raise ValidationError(_("Give the veteran a reason so they can correct the profile."))
        profile.status = VeteranProfile.Status.REJECTED
        title = _("Your veteran registration needs correction")
    profile.status_note = note
    profile.save(update_fields=["status", "status_note", "verified_at", "verified_by"])
    audit_record(actor=staff_user, action=AuditLog.Action.VERIFY if approve else AuditLog.Action.REJECT, target=profile)
    notify(
        recipient=profile.user,
        event_key=f"profile-review:{profile.pk}:{profile.status}:{timezone.now():%Y%m%d%H%M%S}",
        kind="profile_review",
        title=title,
        body=note,
        url="/me/",
    )
    return profile


def id_number_reveal(*, profile, staff_user, request=None) -> str:
    """The full ID number, for staff holding the explicit permission only; every call is written to the audit log."""
    if not staff_user.has_perm("portal.view_full_id_number"):
        raise AccessDenied(_("You do not have permission to see full ID numbers."))
    audit_record(
        actor=staff_user,
        action=AuditLog.Action.UNMASK,
        target=profile,
        request=request,
        on_behalf_of=getattr(profile, "user", None),
    )
    return profile.get_id_number()
