"""Family members (随军家属/优抚对象) linked to a veteran; staff confirm the link before family benefits apply."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog, FamilyMemberProfile, Role, VeteranProfile
from portal.permissions import is_bureau_staff
from portal.roles import grant_role
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.services.profiles import ID_CLAIMS_TOO_MANY, ID_NUMBER_REFUSED, id_number_claim_allowed
from portal.uploads import image_sanitize
from portal.validators import normalize_phone

VETERAN_NOT_LINKABLE = _(
    "No veteran registration can be linked with this ID number; check it or ask your service station."
)


FAMILY_NOT_VERIFIED = _(
    "Staff have not yet verified your proof of relation to the veteran; you can use this service once they have."
)
FAMILY_PROFILE_MISSING = _("Complete your veteran or family-member profile first.")


def family_profile_of(user) -> FamilyMemberProfile | None:
    if not user.is_authenticated:
        return None
    return FamilyMemberProfile.objects.filter(user=user).select_related("veteran").first()


def family_profile_require_verified(*, user) -> FamilyMemberProfile:
    """The user's family profile, for the services open to family members (positions, fairs, classes open to
    families). Raises a translated ValidationError when there is none, or while staff have not verified it."""
    profile = family_profile_of(user)
    if profile is None:
        raise ValidationError(FAMILY_PROFILE_MISSING)
    if not profile.is_verified():
        raise ValidationError(FAMILY_NOT_VERIFIED, code="family_not_verified")
    return profile


def _checked_proof(proof):
    """Checked by content, bytes and pixels, and re-encoded without EXIF/GPS (portal.uploads.image_sanitize)."""
    try:
        return image_sanitize(proof, name="proof")
    except ValidationError as exc:
        raise ValidationError({"proof": exc.messages})


def _veteran_find(*, user, profile: FamilyMemberProfile, veteran_id_number: str) -> VeteranProfile:
    """The veteran to link to. Looking a number up tells whether it is registered, so each new lookup counts
    against the account's hourly allowance of ID-number attempts (the same counter as claiming one's own)."""
    if profile.veteran_id and profile.veteran.id_number_hash == crypto.keyed_hash(veteran_id_number):
        return profile.veteran
    if not id_number_claim_allowed(user=user):
        raise ValidationError({"veteran_id_number": ID_CLAIMS_TOO_MANY})
    veteran = VeteranProfile.objects.with_id_number(veteran_id_number).exclude(user=user).first()
    if veteran is None:
        raise ValidationError({"veteran_id_number": VETERAN_NOT_LINKABLE})
    return veteran


def family_profile_save(
    *, user, real_name, id_number, relation, veteran_id_number, phone, region, proof=None
) -> FamilyMemberProfile:
    """Create or update the user's family-member profile, linked to the veteran holding `veteran_id_number`, with
    an optional new proof of the relation (a photo or scan). A changed link, relation or proof goes back to staff
    for verification; a profile sent back for correction is pending again once saved. Staff filing it at a
    service station (代办) call it too; their view records that they acted."""
    profile = FamilyMemberProfile.objects.filter(user=user).select_related("veteran").first()
    profile = profile or FamilyMemberProfile(user=user)
    veteran = _veteran_find(user=user, profile=profile, veteran_id_number=veteran_id_number)
    new_number = profile.get_id_number() != id_number
    changed_link = profile.veteran_id != veteran.pk or new_number or profile.relation != relation
    if new_number and not id_number_claim_allowed(user=user):
        raise ValidationError({"id_number": ID_CLAIMS_TOO_MANY})
    profile.real_name, profile.relation, profile.veteran = (real_name or "").strip(), relation, veteran
    profile.phone, profile.region = normalize_phone(phone), region
    profile.set_id_number(id_number)
    if proof is not None:
        profile.proof = _checked_proof(proof)  # the replaced file is deleted on commit (SanitizedImageField)
    if changed_link or proof is not None:
        profile.verified = False  # a new link or new evidence must be confirmed again
    if not profile.verified:
        profile.review_note = ""  # corrected: back in the staff's queue
    profile.full_clean(exclude=["user", "id_number_hash", "phone_hash", "phone_last4", "proof"])
    try:
        with transaction.atomic():
            profile.save()
            grant_role(user, Role.FAMILY)
    except IntegrityError:  # the same neutral answer as for veterans: no confirmation that the number is known
        raise ValidationError({"id_number": ID_NUMBER_REFUSED})
    return profile


@transaction.atomic
def family_proof_attach(*, profile: FamilyMemberProfile, proof, staff_user) -> FamilyMemberProfile:
    """代办 at the counter: staff attach the scan of the paper proof the family member brought. Like a proof the
    family member uploads, it needs a confirmation (which may follow at once); recorded for the family member."""
    if not is_bureau_staff(staff_user):
        raise AccessDenied(_("Only bureau staff can confirm family links."))
    profile = FamilyMemberProfile.objects.select_for_update().get(pk=profile.pk)
    profile.proof = _checked_proof(proof)  # the replaced file is deleted on commit (SanitizedImageField)
    profile.verified, profile.review_note = False, ""
    profile.save(update_fields=["proof", "verified", "review_note"])
    audit_record(
        actor=staff_user,
        action=AuditLog.Action.ACT_FOR,
        target=profile,
        on_behalf_of=profile.user,
        detail={"event": "portal.family_proof_attach"},
    )
    return profile


@transaction.atomic
def family_profile_verify(
    *, profile: FamilyMemberProfile, staff_user, approve: bool = True, note: str = ""
) -> FamilyMemberProfile:
    """Staff confirm the link between a family member and the veteran from the proof, or send it back with a
    reason (a pending profile) or withdraw a confirmation; recorded and told to the family member."""
    if not is_bureau_staff(staff_user):
        raise AccessDenied(_("Only bureau staff can confirm family links."))
    profile = FamilyMemberProfile.objects.select_for_update().get(pk=profile.pk)
    note = (note or "").strip()
    if approve and profile.veteran_id is None:
        raise ValidationError(_("The family member is not linked to a veteran yet."))
    if approve and not profile.proof:
        raise ValidationError(_("No proof of the relation has been uploaded yet."))
    if not approve and not note:
        raise ValidationError(_("Give the family member a reason so they can correct the profile."))
    if approve and profile.verified:
        raise ValidationError(_("The link is already confirmed."))
    if not approve and not profile.verified and profile.review_note:
        raise ValidationError(_("The profile has already been sent back for correction."))
    profile.verified = approve
    profile.review_note = "" if approve else note[:300]
    profile.reviewed_at, profile.reviewed_by = timezone.now(), staff_user
    profile.save(update_fields=["verified", "review_note", "reviewed_at", "reviewed_by"])
    audit_record(
        actor=staff_user,
        action=AuditLog.Action.VERIFY if approve else AuditLog.Action.REJECT,
        target=profile,
        detail={"note": note} if note else None,
    )
    notify(
        recipient=profile.user,
        event_key=f"family-review:{profile.pk}:{int(approve)}:{timezone.now():%Y%m%d%H%M%S}",
        kind="profile_review",
        title=Message(_("Your family link has been confirmed"))
        if approve
        else Message(_("Your family link needs correction")),
        body=note,
        url="/me/family/",
    )
    return profile
