"""Startup loans (创业贷款): banks' products with an interest-subsidy rule (贴息), veterans' applications."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LoanProductQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_active=True, bank__status="verified")

    def of_bank_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(bank__memberships__user=user, bank__status="verified")


class LoanProduct(models.Model):
    class SubsidyRule(models.TextChoices):
        NONE = "none", _("No interest subsidy")
        FULL_CAPPED = "full_capped", _("Full interest subsidy up to a cap")
        PERCENT_YEARS = "percent_years", _("A percentage of the interest for the first years")

    bank = models.ForeignKey(
        "portal.Organization",
        models.PROTECT,
        related_name="loan_products",
        limit_choices_to={"org_type": "bank"},
        verbose_name=_("bank"),
    )
    name = models.CharField(pgettext_lazy("entrepreneurship", "name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    max_amount = models.DecimalField(
        _("maximum amount (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(1)]
    )
    max_term_months = models.PositiveSmallIntegerField(
        _("maximum term (months)"), validators=[MinValueValidator(1), MaxValueValidator(360)]
    )
    annual_rate = models.DecimalField(
        _("annual interest rate (%)"),
        max_digits=5,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(36)],
        help_text=_("e.g. 3.450 for 3.45% a year"),
    )
    subsidy_rule = models.CharField(_("subsidy rule"), max_length=20, choices=SubsidyRule.choices)
    subsidy_cap = models.DecimalField(
        _("subsidy cap (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For the full-subsidy rule: the most the subsidy pays over the whole loan."),
    )
    subsidy_percent = models.DecimalField(
        _("subsidy percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For the percentage rule, e.g. 50 for half of the interest."),
    )
    subsidy_years = models.PositiveSmallIntegerField(
        _("subsidized years"), null=True, blank=True, help_text=_("For the percentage rule: the first N years.")
    )
    is_active = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LoanProductQuerySet.as_manager()

    class Meta:
        ordering = ["bank__name", "name"]
        verbose_name = _("loan product")
        verbose_name_plural = _("loan products")
        constraints = [
            models.CheckConstraint(
                condition=~Q(subsidy_rule="full_capped") | Q(subsidy_cap__isnull=False),
                name="loan_product_full_needs_cap",
            ),
            models.CheckConstraint(
                condition=~Q(subsidy_rule="percent_years")
                | Q(subsidy_percent__isnull=False, subsidy_years__isnull=False),
                name="loan_product_percent_needs_years",
            ),
        ]

    def __str__(self):
        return f"{self.bank} · {self.name}"

    def clean(self):
        """The subsidy rule needs its parameters: a cap for FULL_CAPPED, a percentage and years for PERCENT_YEARS
        (the check constraints above say the same to the database)."""
        Rule = self.SubsidyRule
        if self.subsidy_rule == Rule.FULL_CAPPED and self.subsidy_cap is None:
            raise ValidationError({"subsidy_cap": _("The full-subsidy rule needs a cap.")})
        if self.subsidy_rule == Rule.PERCENT_YEARS:
            errors = {}
            if self.subsidy_percent is None:
                errors["subsidy_percent"] = _("The percentage rule needs a percentage.")
            if not self.subsidy_years:
                errors["subsidy_years"] = _("The percentage rule needs the number of subsidized years.")
            if errors:
                raise ValidationError(errors)


class LoanApplicationQuerySet(models.QuerySet):
    def for_bank_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(product__bank__memberships__user=user, product__bank__status="verified")


class LoanApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application", "Submitted")
        DOCUMENTS_REQUESTED = "documents", _("Documents requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DISBURSED = "disbursed", _("Disbursed")

    product = models.ForeignKey(LoanProduct, models.PROTECT, related_name="applications", verbose_name=_("product"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="loan_applications", verbose_name=_("applicant")
    )
    enterprise = models.ForeignKey(
        "entrepreneurship.Enterprise", models.PROTECT, related_name="loan_applications", verbose_name=_("project")
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(1)])
    term_months = models.PositiveSmallIntegerField(_("term (months)"), validators=[MinValueValidator(1)])
    purpose = models.TextField(_("purpose"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    bank_note = models.TextField(_("bank's note"), blank=True)
    documents_note = models.TextField(_("documents supplied"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    disbursed_amount = models.DecimalField(
        _("disbursed amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    # Computed by entrepreneurship.services.subsidy at disbursement, from the product's rule at that moment.
    subsidy_due = models.DecimalField(_("interest subsidy due (yuan)"), max_digits=12, decimal_places=2, default=0)
    # The terms the bank approved (the schedule and the quarterly settlements are computed from them).
    approved_amount = models.DecimalField(
        _("approved amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    approved_rate = models.DecimalField(
        _("approved annual rate (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    approved_term_months = models.PositiveSmallIntegerField(_("approved term (months)"), null=True, blank=True)
    repayment_start = models.DateField(_("loan start date"), null=True, blank=True)
    repayment_method = models.CharField(_("repayment method"), max_length=20, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("application", "applied at"), auto_now_add=True)

    objects = LoanApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("loan application")
        verbose_name_plural = _("loan applications")

    def __str__(self):
        return f"{self.enterprise} · {self.product} · {self.amount}"

    # Yes/no questions the services refuse by and the pages ask before offering a form.
    def can_review(self) -> bool:
        """The bank approves, rejects or asks for documents."""
        return self.status in (self.Status.SUBMITTED, self.Status.DOCUMENTS_REQUESTED)

    def awaits_documents(self) -> bool:
        """The bank asked for documents: the applicant supplies them."""
        return self.status == self.Status.DOCUMENTS_REQUESTED

    def awaits_disbursement(self) -> bool:
        """Approved: the bank records the disbursement."""
        return self.status == self.Status.APPROVED

    def is_disbursed(self) -> bool:
        """Lent: its quarterly interest subsidies are settled."""
        return self.status == self.Status.DISBURSED

    def progress_steps(self):
        """Submitted → (documents requested) → approved → disbursed, or rejected (portal.progress)."""
        from portal.progress import HOLDER_BANK, HOLDER_YOU, step

        S = self.Status
        path = [step(S, S.SUBMITTED, HOLDER_BANK)]
        if self.status == S.DOCUMENTS_REQUESTED:
            path.append(step(S, S.DOCUMENTS_REQUESTED, HOLDER_YOU))
        if self.status == S.REJECTED:
            return [*path, step(S, S.REJECTED, negative=True)]
        return [*path, step(S, S.APPROVED, HOLDER_BANK), step(S, S.DISBURSED)]


class RepaymentMethod(models.TextChoices):
    EQUAL_INSTALMENTS = "equal_instalments", _("Equal instalments (principal and interest)")
    INTEREST_ONLY = "interest_only", _("Interest monthly, principal at the end")


def loan_document_upload_to(instance, filename):
    return f"private/loan-documents/{instance.application_id}/{filename}"


class LoanDocument(models.Model):
    """A document the applicant uploads (stored encrypted, served only through a permission-checked view)."""

    class Kind(models.TextChoices):
        LICENCE = "licence", _("Business licence")
        PLAN = "plan", _("Business plan")
        ID_COPY = "id_copy", _("Copy of the ID card")
        OTHER = "other", _("Other document")

    application = models.ForeignKey(
        LoanApplication, models.CASCADE, related_name="documents", verbose_name=_("loan application")
    )
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=loan_document_upload_to)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "kind", "-uploaded_at"]
        verbose_name = _("loan document")
        verbose_name_plural = _("loan documents")
        permissions = [("read_loan_document", _("Can open loan applicants' documents (audited)"))]

    def __str__(self):
        return f"{self.application_id} · {self.get_kind_display()}"


class RepaymentInstalment(models.Model):
    """One month of the repayment schedule the portal computed when the bank approved the loan."""

    application = models.ForeignKey(LoanApplication, models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("instalment"))
    due_date = models.DateField(_("due date"))
    principal = models.DecimalField(_("principal"), max_digits=12, decimal_places=2)
    interest = models.DecimalField(_("interest"), max_digits=12, decimal_places=2)
    payment = models.DecimalField(_("payment"), max_digits=12, decimal_places=2)
    balance = models.DecimalField(_("balance after"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("repayment instalment")
        verbose_name_plural = _("repayment schedule")
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="instalment_unique_number")]

    def __str__(self):
        return f"{self.application_id} #{self.number}"


class SubsidySettlement(models.Model):
    """The interest subsidy for one calendar quarter of a loan, under its product's rule; staff approve each."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")

    application = models.ForeignKey(LoanApplication, models.CASCADE, related_name="settlements")
    quarter = models.CharField(_("quarter"), max_length=7)  # e.g. 2026-Q2
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    interest = models.DecimalField(_("interest in the quarter"), max_digits=12, decimal_places=2)
    subsidy = models.DecimalField(_("subsidy"), max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "period_start"]
        verbose_name = _("interest-subsidy settlement")
        verbose_name_plural = _("interest-subsidy settlements")
        constraints = [
            models.UniqueConstraint(fields=["application", "quarter"], name="settlement_one_per_quarter"),
            models.CheckConstraint(condition=Q(subsidy__gte=0), name="settlement_subsidy_not_negative"),
        ]

    def __str__(self):
        return f"{self.application_id} · {self.quarter} · {self.subsidy}"

    def awaits_approval(self) -> bool:
        """Staff approve it (once its quarter has ended: is_due)."""
        return self.status == self.Status.PENDING

    def is_due(self, today) -> bool:
        return self.awaits_approval() and self.period_end <= today
