"""A user's own data: download it all (JSON), or delete the account (personal data erased, statistics kept)."""

import uuid

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import (
    AccountInvitation,
    AuditLog,
    Consent,
    FamilyMemberProfile,
    Notification,
    NotificationPreference,
    SmsMessage,
    VeteranProfile,
)
from portal.pillars import pillars
from portal.services.audit import audit_record
from portal.services.tokens import api_tokens_revoke_all
from portal.uploads import stored_file_discard
from portal.validators import normalize_phone

ACCOUNT_FIELDS = ["phone", "language"]


def user_account_update(*, user, data: dict):
    """Change the user's own phone and/or preferred language. Raises ValidationError with field errors."""
    fields = [field for field in ACCOUNT_FIELDS if field in data]
    if "phone" in data and normalize_phone(data["phone"]) != user.phone:
        user.phone = normalize_phone(data["phone"])
        user.phone_verified = False  # a new number signs in only once confirmed with an SMS code
        fields.append("phone_verified")
    if "language" in data:
        user.language = str(data["language"] or "").strip().lower()
    errors = {}
    if "language" in data and user.language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose one of the offered languages.")]
    try:
        unchanged = [f.name for f in user._meta.fields if f.name not in fields] + ["phone"] * ("phone" not in fields)
        user.full_clean(exclude=unchanged, validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        user.refresh_from_db()  # the request's user object must not keep refused values
        raise ValidationError(errors)
    if fields:
        user.save(update_fields=fields)
    return user


def _profile_dict(profile: VeteranProfile) -> dict:
    return {
        "real_name": profile.real_name,
        "id_number": profile.get_id_number(),  # the owner's own data, in full
        "birth_date": profile.birth_date,
        "gender": profile.gender,
        "phone": profile.phone,
        "region": profile.region.full_name if profile.region_id else None,
        "service_branch": profile.service_branch,
        "enlistment_date": profile.enlistment_date,
        "discharge_date": profile.discharge_date,
        "rank": profile.rank,
        "military_specialties": [s.name for s in profile.military_specialties.all()],
        "education": profile.education,
        "skills": profile.skills,
        "desired_categories": [c.name for c in profile.desired_categories.all()],
        "desired_regions": [r.full_name for r in profile.desired_regions.all()],
        "expected_salary": profile.expected_salary,
        "employment_status": profile.employment_status,
        "status": profile.status,
        "resume": profile.resume.name if profile.resume else None,
    }


def _family_dict(profile: FamilyMemberProfile) -> dict:
    return {
        "real_name": profile.real_name,
        "id_number": profile.get_id_number(),  # the owner's own data, in full
        "relation": profile.relation,
        "linked_veteran": profile.veteran.masked_name if profile.veteran_id else None,
        "phone": profile.phone,
        "region": profile.region.full_name if profile.region_id else None,
        "proof": profile.proof.name if profile.proof else None,
        "verified": profile.verified,
        "review_note": profile.review_note,
    }


def user_data_export(*, user) -> dict:
    data = {
        "account": {
            "username": user.username,
            "email": user.email,
            "phone": user.phone,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "veteran_profile": _profile_dict(user.veteran_profile) if hasattr(user, "veteran_profile") else None,
        "family_profile": _family_dict(user.family_profile) if hasattr(user, "family_profile") else None,
        "notifications": list(
            Notification.objects.filter(recipient=user).values("kind", "title", "body", "url", "created_at", "read_at")
        ),
        "consents": list(
            Consent.objects.filter(user=user).values(
                "purpose", "policy_version", "granted_at", "withdrawn_at", "channel"
            )
        ),
    }
    for pillar in pillars():
        if pillar.personal_data_export is not None:
            data[pillar.label] = pillar.personal_data_export(user)
    audit_record(actor=user, action=AuditLog.Action.DATA_EXPORT, target=user)
    return data


@transaction.atomic
def user_erase(*, user) -> None:
    """Delete the account as the user sees it: log-in impossible, personal data gone. Rows that statistics count
    (applications, enrolments, card uses …) keep pointing at the anonymized user."""
    for pillar in pillars():
        if pillar.personal_data_erase is not None:
            pillar.personal_data_erase(user)
    profile = VeteranProfile.objects.filter(user=user).first()
    if profile:
        stored_file_discard(profile.resume.name)  # once the erasure commits
        # Every field that says who the person is goes (the birth date and gender came from the ID number); what
        # statistics count stays: region, service branch and dates, education, employment status, status.
        profile.real_name = ""
        profile.phone = ""
        profile.set_id_number("")
        profile.birth_date = None
        profile.gender = ""
        profile.skills = []
        profile.resume = ""
        profile.status_note = ""
        profile.expected_salary = None
        profile.open_to_employers = False
        profile.save()
    FamilyMemberProfile.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    # The record of text messages keeps its counts and statuses, not the number or the parameters.
    SmsMessage.objects.filter(user=user).update(
        phone_encrypted="", phone_hash=None, phone_last4="", params_encrypted=""
    )
    AccountInvitation.objects.filter(user=user).delete()
    user.emailaddress_set.all().delete()
    Authenticator.objects.filter(user=user).delete()  # TOTP secrets and recovery codes
    user.username = f"erased-{uuid.uuid4().hex[:12]}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.phone = ""
    user.phone_verified = False
    user.is_active = False
    user.set_unusable_password()
    user.anonymized_at = timezone.now()
    user.save()
    api_tokens_revoke_all(user=user)  # the deactivation above does it too (portal.signals); said here as well
    audit_record(actor=None, action=AuditLog.Action.ERASE, target=user)
