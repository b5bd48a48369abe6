"""Family members (随军家属/优抚对象) linked to a veteran; staff confirm the link before family benefits apply."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import AuditLog, FamilyMemberProfile, Role
from portal.permissions import is_bureau_staff
from portal.roles import grant_role
from portal.services.audit import audit_record
from portal.services.notifications import notify


def family_profile_save(*, user, real_name, id_number, relation, veteran, phone, region) -> FamilyMemberProfile:
    profile = FamilyMemberProfile.objects.filter(user=user).first() or FamilyMemberProfile(user=user)
    changed_link = profile.veteran_id != veteran.pk or profile.get_id_number() != id_number
    profile.real_name, profile.relation, profile.veteran = real_name, relation, veteran
    profile.phone, profile.region = phone, region
    profile.set_id_number(id_number)
    if changed_link:
        profile.verified = False  # a new link must be confirmed again
    try:
        with transaction.atomic():
            profile.save()
            grant_role(user, Role.FAMILY)
    except IntegrityError:
        raise ValidationError({"id_number": _("This ID number is already registered to another account.")})
    return profile


@transaction.atomic
def family_profile_verify(
    *, profile: FamilyMemberProfile, staff_user, approve: bool = True, note: str = ""
) -> FamilyMemberProfile:
    """Staff confirm (or withdraw) the link between a family member and the veteran; recorded and told to them."""
    if not is_bureau_staff(staff_user):
        raise PermissionError("bureau staff only")
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
