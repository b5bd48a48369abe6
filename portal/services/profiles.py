"""Veteran registration (退役报到): saving the profile, staff verification, revealing the full ID number (audited).

`veteran_profile_save` is the one door for every profile write (page, API, 代办, bulk import): it validates with the
model's own rules (`full_clean`) plus its checks here, so every channel shows the same translated field errors. A
saved profile may be written a step at a time (the guided 退役报到 pages): only the fields given are set and checked.
A new ID number is stored only under a live ID-number consent (PIPL art. 29), given before or with the save.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from portal import crypto, events
from portal.api.throttling import count_in_window
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog, Consent, Role, VeteranProfile
from portal.roles import grant_role
from portal.services.audit import audit_record
from portal.services.consents import consent_grant, consent_is_live
from portal.services.notifications import notify, notify_staff
from portal.services.reverification import REVIEW_PERMISSION, verification_withdraw, verification_withdrawn_report
from portal.uploads import resume_prepare
from portal.validators import normalize_id_number, normalize_phone

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
# What a verification vouches for: changing any of these sends a verified profile back to review.
IDENTITY_FIELDS = ["real_name", "id_number_hash", "birth_date"]
# Staff who may verify registrations (the staff group holds it) hear of identity changes and ID conflicts.
MAX_SKILLS = 30
MAX_SKILL_LENGTH = 30
# One answer whether the number is held by another account or refused for any other reason that would reveal
# it: "already registered" would confirm that a guessed number belongs to a registered veteran.
ID_NUMBER_REFUSED = _("This ID number cannot be registered here; please contact your service station.")
ID_CLAIMS_TOO_MANY = _("Too many ID numbers were tried from this account; please try again in an hour.")
# The bulk import of the hand-over records: stored under the bureau's statutory duty, not a consent.
STATUTORY_HANDOVER = "statutory_handover"
ID_CONSENT_NEEDED = _(
    "Your ID number is stored only with your consent: agree to its processing, or leave the number empty for now."
)


def skills_clean(skills) -> list[str]:
    """The one cleaning of skills: trimmed, empty ones dropped, duplicates removed (first kept), limits checked."""
    if isinstance(skills, str):
        skills = skills.replace("，", ",").split(",")
    if not isinstance(skills, list | tuple) or not all(isinstance(s, str) for s in skills):
        raise ValidationError({"skills": _("Give skills as a list of words.")})
    cleaned = list(dict.fromkeys(s.strip() for s in skills if s.strip()))
    if len(cleaned) > MAX_SKILLS:
        raise ValidationError({"skills": _("List at most %(max)d skills.") % {"max": MAX_SKILLS}})
    if any(len(s) > MAX_SKILL_LENGTH for s in cleaned):
        raise ValidationError({"skills": _("A skill can have at most %(max)d characters.") % {"max": MAX_SKILL_LENGTH}})
    return cleaned


def id_number_claim_allowed(*, user) -> bool:
    """Count one attempt by this account to register an ID number; False once over the hourly limit.

    Every attempt counts, whatever its outcome, so the limit itself says nothing about any number."""
    limit = getattr(settings, "ID_NUMBER_CLAIMS_PER_HOUR", 5)
    if not limit:
        return True
    window = int(time.time() // 3600)
    return count_in_window(cache, f"id-number-claims:{user.pk}:{window}", 3601) <= limit


def _id_number_conflict_report(*, claimant, holder: VeteranProfile) -> None:
    """Someone tried a number held by another account: audit it and tell reviewing staff (one notice a day per
    claimant and number, every attempt in the audit log). Neither says the number."""
    audit_record(
        actor=claimant,
        action=AuditLog.Action.OTHER,
        target=holder,
        on_behalf_of=holder.user,
        detail={"event": "id_number_claim_conflict", "claimant": claimant.pk},
    )
    notify_staff(
        permission=REVIEW_PERMISSION,
        event_key=f"id-conflict:{holder.pk}:{claimant.pk}:{timezone.localdate():%Y%m%d}",
        kind="staff_alert",
        title=Message(_("An account tried to register an ID number held by another account")),
        body=format_lazy(
            _("Account {account} tried the ID number of the registration of {name}. Check with both."),
            account=claimant.username,
            name=holder.masked_name,
        ),
        url=reverse("admin:portal_veteranprofile_change", args=[holder.pk]),
    )


def _id_number_claim(*, profile: VeteranProfile, user, raw: str, consent_given: bool) -> None:
    """Set a new ID number on `profile` (and birth date, gender) or raise a field error. Same number: no-op.
    Without a live consent, or one given with this save, the number is not even looked up."""
    try:
        number = normalize_id_number(raw)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages})
    if profile.id_number_hash == crypto.keyed_hash(number):
        return
    if not consent_given and not consent_is_live(user=user, purpose=Consent.Purpose.ID_NUMBER):
        raise ValidationError({"id_number_consent": ID_CONSENT_NEEDED})
    if not id_number_claim_allowed(user=user):
        raise ValidationError({"id_number": ID_CLAIMS_TOO_MANY})
    holder = VeteranProfile.objects.with_id_number(number).exclude(user=user).select_related("user").first()
    if holder is not None:
        _id_number_conflict_report(claimant=user, holder=holder)
        raise ValidationError({"id_number": ID_NUMBER_REFUSED})
    profile.set_id_number(number)
    profile.birth_date = ric.get_birth_date(number)
    profile.gender = "M" if int(number[16]) % 2 else "F"


def _apply_fields(profile: VeteranProfile, data: dict) -> None:
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    if "real_name" in data:
        profile.real_name = (data["real_name"] or "").strip()
    if "phone" in data:
        profile.phone = normalize_phone(data["phone"])


def _identity(profile: VeteranProfile) -> tuple:
    return tuple(getattr(profile, field) for field in IDENTITY_FIELDS)


def _validate(profile: VeteranProfile, data: dict, errors: dict) -> None:
    """Skills cleaned, then the model's own rules (full_clean); field errors are added to `errors`. A new profile is
    checked whole; a saved one only in the fields given (a step's save answers for its own fields)."""
    if "skills" in data:
        try:
            profile.skills = skills_clean(data["skills"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    untouched = [] if profile.pk is None else [f.name for f in profile._meta.fields if f.name not in data]
    try:
        # The hash's uniqueness is checked by the database, never by a message that would confirm a number.
        profile.full_clean(exclude=["user", "id_number_hash", "phone_hash", "phone_last4", *errors, *untouched])
    except ValidationError as exc:
        errors.update(exc.message_dict)


def veteran_profile_check(*, data: dict) -> dict[str, list[str]]:
    """The field errors `veteran_profile_save` would give for `data` on a new profile; nothing is saved. The bulk
    import's preview calls it so a row is refused with the page's own messages."""
    profile = VeteranProfile()
    _apply_fields(profile, data)
    errors: dict[str, list] = {}
    _validate(profile, data, errors)
    return errors


def veteran_profile_save(
    *,
    user,
    data: dict,
    id_number: str | None = None,
    resume=None,
    id_number_basis: str | None = None,
    consent_recorded_by=None,
) -> VeteranProfile:
    """Create or update the user's profile. `data` holds parsed field values (only those given are set); `id_number`
    is the raw number or None to keep the stored one. Raises ValidationError with field errors (nothing saved) for
    any bad value.

    `id_number_basis` says why a new number may be stored: a Consent.Channel when the person agreed with this save
    (the consent is recorded with it, by `consent_recorded_by` at a counter; it is recorded for an already stored
    number too), STATUTORY_HANDOVER for the bureau's import of the records handed over at discharge (PIPL art. 13
    (1) 3, no consent), or None: then a new number needs a live consent.

    A verified profile whose name, ID number or birth date changes goes back to review and staff are told."""
    if id_number_basis not in (None, STATUTORY_HANDOVER, *Consent.Channel.values):
        raise ValueError(f"unknown basis for an ID number: {id_number_basis!r}")
    profile = VeteranProfile.objects.filter(user=user).first() or VeteranProfile(user=user)
    was_verified = profile.pk is not None and profile.is_verified()
    identity_before = _identity(profile)
    errors: dict[str, list] = {}
    if id_number:
        try:
            _id_number_claim(profile=profile, user=user, raw=id_number, consent_given=bool(id_number_basis))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    _apply_fields(profile, data)
    if resume is not None:
        try:
            # Checked, an image re-encoded without EXIF/GPS; the replaced file is deleted on commit (ResumeField).
            profile.resume = resume_prepare(resume)
        except ValidationError as exc:
            errors.setdefault("resume", []).extend(exc.messages)
    _validate(profile, data, errors)
    if errors:
        raise ValidationError(errors)
    identity_changed = was_verified and _identity(profile) != identity_before
    if identity_changed:
        verification_withdraw(profile)
    if profile.status in (VeteranProfile.Status.DRAFT, VeteranProfile.Status.REJECTED) and profile.is_complete():
        profile.status = VeteranProfile.Status.SUBMITTED
    try:
        with transaction.atomic():
            if id_number_basis in Consent.Channel.values and profile.id_number_encrypted:
                consent_grant(
                    user=user,
                    purpose=Consent.Purpose.ID_NUMBER,
                    channel=id_number_basis,
                    recorded_by=consent_recorded_by,
                )
            profile.save()
            for field in PROFILE_M2M:
                if field in data:
                    getattr(profile, field).set(data[field])
            grant_role(user, Role.VETERAN)
            if identity_changed:
                verification_withdrawn_report(profile, user=user)
            events.veteran_profile_changed.send(sender=VeteranProfile, profile_id=profile.pk)
    except IntegrityError:  # two requests raced on the same ID number; the unique hash stopped the second
        raise ValidationError({"id_number": ID_NUMBER_REFUSED})
    return profile


@transaction.atomic
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
    events.veteran_profile_changed.send(sender=VeteranProfile, profile_id=profile.pk)
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
