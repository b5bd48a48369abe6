"""A verified identity that no longer holds: the registration goes back to review and reviewing staff are told.

Both the profile service (a changed name, ID number or birth date) and the consent service (the ID-number consent
withdrawn, which erases the stored numbers) call this; neither imports the other for it.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.models import AuditLog, FamilyMemberProfile, VeteranProfile
from portal.services.audit import audit_record
from portal.services.notifications import notify_staff

REVIEW_PERMISSION = "portal.change_veteranprofile"


def verification_withdraw(profile: VeteranProfile) -> None:
    """The verified identity changed: back to review, verifier cleared (cards and push trust "verified")."""
    profile.status = VeteranProfile.Status.SUBMITTED if profile.is_complete() else VeteranProfile.Status.DRAFT
    profile.verified_at = None
    profile.verified_by = None
    profile.status_note = ""


def verification_withdrawn_report(profile: VeteranProfile, *, user) -> None:
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=profile, detail={"event": "verification_withdrawn"})
    notify_staff(
        permission=REVIEW_PERMISSION,
        event_key=f"profile-reverify:{profile.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        kind="profile_review",
        title=_("A verified veteran changed name, ID number or birth date"),
        body=format_lazy(_("The registration of {name} is awaiting verification again."), name=profile.masked_name),
        url=reverse("admin:portal_veteranprofile_change", args=[profile.pk]),
    )


def id_numbers_erase(*, user, actor) -> None:
    """The person withdrew the ID-number consent: their stored numbers go (veteran registration and family
    profile), with what was derived from them (birth date, gender). A verified registration goes back to draft and
    reviewing staff are told; so does a confirmed family link."""
    profile = VeteranProfile.objects.select_for_update().filter(user=user).first()
    if profile is not None and profile.id_number_encrypted:
        was_verified = profile.is_verified()
        profile.set_id_number("")
        profile.birth_date = None
        profile.gender = ""
        if was_verified:
            verification_withdraw(profile)
        elif profile.status == VeteranProfile.Status.SUBMITTED:
            profile.status = VeteranProfile.Status.DRAFT
        profile.save()
        if was_verified:
            verification_withdrawn_report(profile, user=actor)
    family = FamilyMemberProfile.objects.select_for_update().filter(user=user).first()
    if family is not None and family.id_number_encrypted:
        family.set_id_number("")
        family.verified = False
        family.save(update_fields=["id_number_encrypted", "id_number_hash", "id_number_last4", "verified"])
