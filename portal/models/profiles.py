"""Veteran registration (退役报到) and family-member profiles. National ID numbers are encrypted at rest."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.choices import Education, EmploymentStatus, Gender, Rank, ServiceBranch
from portal.models.fields import EncryptedPhoneMixin
from portal.people import display_name
from portal.uploads import ResumeField, SanitizedImageField


def family_proof_upload_to(instance, filename):
    # Never the user's file name; the extension is the one the re-encoded image was given.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"family-proofs/{uuid.uuid4().hex}.{ext}"


def resume_upload_to(instance, filename):
    # The user's file name is never used: it may carry personal data or path tricks.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"resumes/{uuid.uuid4().hex}.{ext}"


class EncryptedIdNumberMixin(models.Model):
    """An encrypted national ID number with a keyed hash beside it (unique, for lookups); never stored in clear."""

    id_number_encrypted = crypto.EncryptedTextField(_("ID number (encrypted)"), blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    id_number_last4 = models.CharField(max_length=4, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def set_id_number(self, value: str) -> None:
        self.id_number_encrypted = crypto.encrypt(value) if value else ""
        self.id_number_hash = crypto.keyed_hash(value) if value else None
        self.id_number_last4 = value[-4:] if value else ""

    def get_id_number(self) -> str:
        """The full number. Callers outside services must go through portal.services.id_number_reveal (audited)."""
        return crypto.decrypt(self.id_number_encrypted)

    @property
    def masked_id_number(self) -> str:
        if not self.id_number_encrypted:
            return ""
        return crypto.mask_id_number(self.get_id_number())


class VeteranProfileQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=VeteranProfile.Status.VERIFIED)

    def with_id_number(self, id_number: str):
        return self.filter(id_number_hash=crypto.keyed_hash(id_number))

    def with_phone(self, phone: str):
        return self.filter(VeteranProfile.phone_q(phone))


class VeteranProfile(EncryptedIdNumberMixin, EncryptedPhoneMixin):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Incomplete")
        SUBMITTED = "submitted", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Returned for correction")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="veteran_profile")
    real_name = models.CharField(_("real name"), max_length=50)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True, editable=False)
    region = models.ForeignKey(
        "portal.Region", models.PROTECT, verbose_name=_("region of residence"), null=True, blank=True, related_name="+"
    )
    service_branch = models.CharField(_("service branch"), max_length=20, choices=ServiceBranch.choices, blank=True)
    enlistment_date = models.DateField(_("enlistment date"), null=True, blank=True)
    discharge_date = models.DateField(_("discharge date"), null=True, blank=True)
    rank = models.CharField(_("rank at discharge"), max_length=20, choices=Rank.choices, blank=True)
    military_specialties = models.ManyToManyField(
        "portal.MilitarySpecialty", verbose_name=_("military specialties"), blank=True, related_name="veterans"
    )
    education = models.PositiveSmallIntegerField(_("education"), choices=Education.choices, default=Education.NONE)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    desired_categories = models.ManyToManyField(
        "portal.OccupationCategory", verbose_name=_("desired occupations"), blank=True, related_name="+"
    )
    desired_regions = models.ManyToManyField(
        "portal.Region", verbose_name=_("desired work regions"), blank=True, related_name="+"
    )
    expected_salary = models.PositiveIntegerField(_("expected monthly salary (CNY)"), null=True, blank=True)
    employment_status = models.CharField(
        _("employment status"), max_length=20, choices=EmploymentStatus.choices, default=EmploymentStatus.SEEKING
    )
    resume = ResumeField(_("résumé"), upload_to=resume_upload_to, blank=True)
    open_to_employers = models.BooleanField(
        _("let verified employers find my profile"),
        default=False,
        help_text=_("Employers see only your masked name, skills and specialties until you apply."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    status_note = models.CharField(_("note from staff"), max_length=300, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VeteranProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("veteran profile")
        verbose_name_plural = _("veteran profiles")
        permissions = [("view_full_id_number", _("Can see full national ID numbers (audited)"))]

    def __str__(self):
        return self.masked_name

    @property
    def masked_name(self) -> str:
        # The user is read only for a profile without a name (an erased one shows "Deleted user"), so that lists
        # of named profiles make no extra query.
        return crypto.mask_name(self.real_name) if self.real_name else display_name(self.user)

    def clean(self):
        if self.enlistment_date and self.discharge_date and self.discharge_date < self.enlistment_date:
            raise ValidationError({"discharge_date": _("The discharge date cannot be before the enlistment date.")})

    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    def is_returned(self) -> bool:
        """Returned to the veteran for correction."""
        return self.status == self.Status.REJECTED

    def is_complete(self) -> bool:
        return bool(self.real_name and self.id_number_encrypted and self.phone and self.region_id)

    @property
    def years_of_service(self) -> int | None:
        if self.enlistment_date and self.discharge_date:
            return max(0, (self.discharge_date - self.enlistment_date).days // 365)
        return None


class FamilyMemberProfile(EncryptedIdNumberMixin, EncryptedPhoneMixin):
    """随军家属 / 优抚对象: a family member linked to a veteran. Staff confirm the link from the uploaded proof before
    the family member may apply for positions, register for fairs, enrol or hold a card."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        MARTYR_FAMILY = "martyr_family", _("Family of a martyr")
        DUTY_DEATH_FAMILY = "duty_death_family", _("Survivor of a serviceman who died on duty")
        ILLNESS_DEATH_FAMILY = "illness_death_family", _("Survivor of a serviceman who died of illness")
        OTHER = "other", _("Other entitled person")

    # 随军家属 live with a serving or retired soldier; 优抚对象 are the survivors and other entitled persons.
    MILITARY_FAMILY_RELATIONS = frozenset({Relation.SPOUSE, Relation.CHILD, Relation.PARENT})

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="family_profile")
    real_name = models.CharField(_("real name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    veteran = models.ForeignKey(
        VeteranProfile,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_members",
        verbose_name=_("linked veteran"),
    )
    region = models.ForeignKey("portal.Region", models.PROTECT, null=True, blank=True, related_name="+")
    proof = SanitizedImageField(
        _("proof of the relation"),
        upload_to=family_proof_upload_to,
        blank=True,
        help_text=_("A photo or scan of the certificate (e.g. 随军证明, 烈士证明书); seen only by you and staff."),
    )
    verified = models.BooleanField(_("link verified by staff"), default=False)
    review_note = models.CharField(_("note from staff"), max_length=300, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("family member profile")
        verbose_name_plural = _("family member profiles")

    def __str__(self):
        return crypto.mask_name(self.real_name) if self.real_name else display_name(self.user)

    @property
    def masked_name(self) -> str:
        return str(self)

    def is_verified(self) -> bool:
        return bool(self.verified and self.veteran_id)

    def is_pending(self) -> bool:
        """Waiting for staff: not confirmed and not sent back for correction."""
        return not self.verified and not self.review_note

    @property
    def kind_label(self) -> str:
        """随军家属 or 优抚对象, by the relation."""
        if self.relation in self.MILITARY_FAMILY_RELATIONS:
            return str(_("Accompanying family member"))
        return str(_("Person entitled to special care"))
