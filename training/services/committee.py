"""The evaluation committee (评估委员会): staff appoint evaluators, evaluators score institutions each period on the
rubric, staff publish the period's results; an institution under settings.TRAINING_EVALUATION_THRESHOLD is flagged
for the next period's allocation."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from portal.models import AuditLog, Organization
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record
from training.models import EvaluationResult, Evaluator, InstitutionEvaluation
from training.models.committee import RUBRIC, period_bounds

CENT = Decimal("0.01")


def _require_staff(actor) -> None:
    if not is_bureau_staff(actor):
        raise AccessDenied(_("Only bureau staff can manage the evaluation committee."))


def _check_period(period: str) -> str:
    period = (period or "").strip().upper()
    try:
        start, _end = period_bounds(period)
    except ValueError:
        raise ValidationError({"period": _("Write the period as a year and half, e.g. 2026-H1.")}) from None
    if start > timezone.localdate():
        raise ValidationError({"period": _("This period has not begun yet.")})
    return period


def evaluator_check(*, user, kind: str, affiliation: str) -> None:
    """The rules of an appointment (the admin's add form asks them too)."""
    errors = {}
    if kind not in Evaluator.Kind.values:
        errors["kind"] = _("Choose bureau or third-party evaluator.")
    elif kind == Evaluator.Kind.BUREAU and not is_bureau_staff(user):
        errors["user"] = _("A bureau evaluator must be a member of the bureau's staff.")
    elif kind == Evaluator.Kind.THIRD_PARTY and not affiliation:
        errors["affiliation"] = _("Name the third-party organisation the evaluator works for.")
    if "user" not in errors and not user.is_active:
        errors["user"] = _("This account is not active.")
    if "user" not in errors and Evaluator.objects.filter(user=user, ended_at__isnull=True).exists():
        errors["user"] = _("This person is already an evaluator.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def evaluator_appoint(*, user, kind: str, actor, affiliation: str = "") -> Evaluator:
    _require_staff(actor)
    affiliation = (affiliation or "").strip()[:120]
    evaluator_check(user=user, kind=kind, affiliation=affiliation)
    try:
        with transaction.atomic():
            evaluator = Evaluator.objects.create(user=user, kind=kind, affiliation=affiliation, appointed_by=actor)
    except IntegrityError:
        raise ValidationError({"user": _("This person is already an evaluator.")}) from None
    audit_record(actor=actor, action=AuditLog.Action.ACCESS, target=evaluator, detail={"appointed": kind})
    return evaluator


@transaction.atomic
def evaluator_end(*, evaluator: Evaluator, actor) -> Evaluator:
    _require_staff(actor)
    evaluator = Evaluator.objects.select_for_update().get(pk=evaluator.pk)
    if evaluator.ended_at:
        raise ValidationError(_("This appointment has already ended."))
    evaluator.ended_at = timezone.now()
    evaluator.save(update_fields=["ended_at"])
    audit_record(actor=actor, action=AuditLog.Action.ACCESS, target=evaluator, detail={"ended": True})
    return evaluator


def active_evaluator(user) -> Evaluator | None:
    if not user.is_authenticated:
        return None
    return Evaluator.objects.filter(user=user, ended_at__isnull=True).first()


def weighted_total(scores: dict) -> Decimal:
    weights = settings.TRAINING_EVALUATION_WEIGHTS
    total = sum(Decimal(weights[name]) * Decimal(scores[name]) for name in RUBRIC) / Decimal(sum(weights.values()))
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def _check_scores(scores: dict) -> dict:
    clean, errors = {}, {}
    for name in RUBRIC:
        value = scores.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            errors[name] = _("Give a whole score from 0 to 100.")
        else:
            clean[name] = value
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def institution_evaluation_submit(
    *, evaluator_user, institution: Organization, period: str, scores: dict, comment: str = ""
) -> InstitutionEvaluation:
    """An active evaluator scores an institution's classes of a period (again, until the result is published):
    the five rubric scores, their weighted total, and the measured figures seen when scoring (for the auditors)."""
    from training.selectors import evaluation_measures

    evaluator = active_evaluator(evaluator_user)
    if evaluator is None:
        raise AccessDenied(_("Only appointed evaluators can score institutions."))
    if institution.org_type != Organization.Type.INSTITUTION:
        raise ValidationError(_("Only training institutions are evaluated."))
    period = _check_period(period)
    clean = _check_scores(scores)
    if EvaluationResult.objects.filter(institution=institution, period=period).exists():
        raise ValidationError(_("The results of this period are published; scores can no longer change."))
    evaluation, _created = InstitutionEvaluation.objects.update_or_create(
        evaluator=evaluator,
        institution=institution,
        period=period,
        defaults={
            **clean,
            "total": weighted_total(clean),
            "comment": (comment or "").strip()[:2000],
            "measured": evaluation_measures(institution=institution, period=period),
        },
    )
    return evaluation


def _notify_institution(result: EvaluationResult) -> None:
    """The institution's members hear of their published result (and of a flag for the next allocation)."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from portal.messages import Message
    from portal.services.notifications import notify

    if result.flagged:
        title = gettext_lazy("Evaluation %(period)s: %(score)s, below the threshold; flagged for %(next)s")
    else:
        title = gettext_lazy("Evaluation %(period)s published: %(score)s")
    text = Message(title, period=result.period, score=result.score, next=result.allocation_period)
    for membership in result.institution.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"training.evaluation.{result.pk}.published",
            kind="training",
            title=text,
            url=reverse("training:institution_detail", args=[result.institution_id]),
        )


@transaction.atomic
def evaluation_results_publish(*, period: str, actor) -> list[EvaluationResult]:
    """Publish the period's result of every institution scored in it and not yet published: the mean of its
    evaluators' totals; under the threshold it is flagged for the next period's allocation."""
    _require_staff(actor)
    period = _check_period(period)
    threshold = Decimal(settings.TRAINING_EVALUATION_THRESHOLD)
    done = set(EvaluationResult.objects.filter(period=period).values_list("institution_id", flat=True))
    rows = (
        InstitutionEvaluation.objects.filter(period=period)
        .exclude(institution_id__in=done)
        .values("institution_id")
        .annotate(mean=Avg("total"), n=Count("pk"))
        .order_by("institution_id")
    )
    results = []
    for row in rows:
        score = Decimal(row["mean"]).quantize(CENT, rounding=ROUND_HALF_UP)
        result = EvaluationResult.objects.create(
            institution_id=row["institution_id"],
            period=period,
            score=score,
            evaluations=row["n"],
            flagged=score < threshold,
            threshold=threshold,
            published_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditLog.Action.APPROVE,
            target=result,
            detail={"score": str(score), "flagged": result.flagged},
        )
        results.append(result)
        _notify_institution(result)
    if not results:
        raise ValidationError(_("No new evaluations to publish for this period."))
    return results
