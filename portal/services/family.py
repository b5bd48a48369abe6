"""Family members (随军家属/优抚对象) linked to a veteran; staff confirm the link before family benefits apply."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.exceptions import AccessDenied
from portal.models import AuditLog, FamilyMemberProfile, Role, VeteranProfile
from portal.permissions import is_bureau_staff
from portal.roles import grant_role
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.services.profiles import ID_CLAIMS_TOO_MANY, ID_NUMBER_REFUSED, id_number_claim_allowed
from portal.validators import normalize_phone

VETERAN_NOT_LINKABLE = _(
    "No veteran registration can be linked with this ID number; check it or ask your service station."
)


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
    *, user, real_name, id_number, relation, veteran_id_number, phone, region
) -> FamilyMemberProfile:
    """Create or update the user's family-member profile, linked to the veteran holding `veteran_id_number`."""
    profile = FamilyMemberProfile.objects.filter(user=user).select_related("veteran").first()
    profile = profile or FamilyMemberProfile(user=user)
    veteran = _veteran_find(user=user, profile=profile, veteran_id_number=veteran_id_number)
    new_number = profile.get_id_number() != id_number
    changed_link = profile.veteran_id != veteran.pk or new_number
    if new_number and not id_number_claim_allowed(user=user):
        raise ValidationError({"id_number": ID_CLAIMS_TOO_MANY})
    profile.real_name, profile.relation, profile.veteran = (real_name or "").strip(), relation, veteran
    profile.phone, profile.region = normalize_phone(phone), region
    profile.set_id_number(id_number)
    if changed_link:
        profile.verified = False  # a new link must be confirmed again
    profile.full_clean(exclude=["user", "id_number_hash", "phone_hash", "phone_last4"])
    try:
        with transaction.atomic():
            profile.save()
            grant_role(user, Role.FAMILY)
    except IntegrityError:  # the same neutral answer as for veterans: no confirmation that the number is known
        raise ValidationError({"id_number": ID_NUMBER_REFUSED})
    return profile


@transaction.atomic
def family_profile_verify(
    *, profile: FamilyMemberProfile, staff_user, approve: bool = True, note: str = ""
) -> FamilyMemberProfile:
    """Staff confirm (or withdraw) the link between a family member and the veteran; recorded and told to them."""
    if not is_bureau_staff(staff_user):
        raise AccessDenied(_("Only bureau staff can confirm family links."))
    profile = FamilyMemberProfile.objects.select_for_update().get(pk=profile.pk)
    if approve and profile.veteran_id is None:
        raise ValidationError(_("The family member is not linked to a veteran yet."))
    if not approve and not note.strip():
        raise ValidationError(_("Give the family member a reason so they can correct the profile."))
    if profile.verified == approve:
        raise ValidationError(
            _("The link is already confirmed.") if approve else _("The link is not confirmed; nothing to withdraw.")
        )
    profile.verified = approve
    profile.save(update_fields=["verified"])
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
        title=_("Your family link has been confirmed") if approve else _("Your family link needs correction"),
        body=note,
        url="/me/",
    )
    return profile
