"""Family members (随军家属/优抚对象) linked to a veteran; staff confirm the link before family benefits apply."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from portal.models import FamilyMemberProfile, Role
from portal.roles import grant_role


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
