"""Family members (随军家属/优抚对象) linked to a veteran; staff confirm the link before family benefits apply."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.models import FamilyMemberProfile, Role
from portal.roles import grant_role
from portal.services.profiles import ID_CLAIMS_TOO_MANY, ID_NUMBER_REFUSED, id_number_claim_allowed
from portal.validators import normalize_phone


def family_profile_save(*, user, real_name, id_number, relation, veteran, phone, region) -> FamilyMemberProfile:
    profile = FamilyMemberProfile.objects.filter(user=user).first() or FamilyMemberProfile(user=user)
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
