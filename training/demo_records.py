"""Demo data for issue 22's records, called from training.demo.seed_demo (idempotent): skill level certificates from
assessments, a revoked certificate, subsidy claims with evidence, payee, approval and payment, a class with people
waiting (raise its capacity to see them promoted), and the evaluation committee's scores and published results."""

import datetime
import io

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.demo import DEMO_PASSWORD
from portal.models import User
from training import services
from training.models import (
    Certificate,
    Course,
    Enrollment,
    EvaluationResult,
    Evaluator,
    InstitutionEvaluation,
    SubsidyClaim,
    SubsidyPayment,
)
from training.models.committee import period_of

# Occupation and level of the demo's skill level courses, by title; the assessment body is the province's centre.
ASSESSMENTS = {
    "工业机器人运维": ("工业机器人系统运维员", 4),
    "无人机驾驶（CAAC执照培训）": ("无人机驾驶员", 4),
    "中式烹调师（四级）": ("中式烹调师", 4),
    "新能源汽车维修": ("汽车维修工", 4),
    "保安员（五级）": ("保安员", 5),
    "电工（中级）": ("电工", 4),
    "焊工（中级）": ("焊工", 4),
    "叉车司机": ("叉车司机", 5),
    "消防设施操作员": ("消防设施操作员", 4),
    "健康管理师": ("健康管理师", 3),
    "网络安全运维": ("网络与信息安全管理员", 3),
    "智能楼宇管理员": ("智能楼宇管理员", 4),
}
ASSESSMENT_BODY = "省职业技能鉴定指导中心"


def assessment_of(title: str) -> dict:
    occupation, level = ASSESSMENTS.get(title, (title, 4))
    return {"assessment_occupation": occupation, "assessment_level": level, "assessment_body": ASSESSMENT_BODY}


def _evidence_pdf(text: str) -> SimpleUploadedFile:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile("evidence.pdf", buffer.getvalue(), content_type="application/pdf")


def _skill_certificates(staff) -> int:
    issued = 0
    done = Enrollment.objects.filter(
        status=Enrollment.Status.COMPLETED,
        training_class__course__certificate_type=Course.CertificateType.SKILL_LEVEL,
        certificate__isnull=True,
    ).select_related("training_class")
    for enrollment in done:
        services.skill_certificate_issue(
            enrollment=enrollment,
            actor=staff,
            national_number=f"S{enrollment.training_class.region.code}{enrollment.pk:010d}",
            assessed_on=enrollment.training_class.end_date,
        )
        issued += 1
    return issued


def _revoked_certificate(staff) -> None:
    if Certificate.objects.filter(revoked_at__isnull=False).exists():
        return
    certificate = Certificate.objects.filter(certificate_type=Course.CertificateType.COMPLETION).order_by("pk").last()
    if certificate:
        services.certificate_revoke(certificate=certificate, actor=staff, reason="核查发现考勤记录不实（演示数据）")


def _claims(staff) -> None:
    """Every claim still waiting gets its evidence and payee; some are approved (one for less, with a note), some
    of those paid with a voucher number."""
    today = timezone.localdate()
    for index, claim in enumerate(SubsidyClaim.objects.filter(status="submitted").order_by("pk")):
        if claim.attachments.exists():
            continue
        actor = claim.enrollment.veteran
        services.subsidy_attachment_add(
            claim=claim, actor=actor, kind="attendance_sheet", upload=_evidence_pdf(f"attendance {claim.pk}")
        )
        services.subsidy_attachment_add(claim=claim, actor=actor, kind="invoice", upload=_evidence_pdf("invoice"))
        services.subsidy_claim_set_payee(
            claim=claim,
            actor=actor,
            payee="trainee",
            name="学员本人",
            bank="中国建设银行福州分行",
            account=f"62170000{claim.pk:08d}",
        )
        if index % 3 == 2:
            continue  # left for the staff queue
        amount = claim.amount - 100 if index % 3 == 1 else claim.amount
        note = "缺勤一次，按出勤比例核减（演示数据）" if amount < claim.amount else ""
        claim = services.subsidy_claim_approve(claim=claim, actor=staff, amount=amount, note=note)
        if index % 2 == 0:
            services.subsidy_payment_record(
                claim=claim,
                actor=staff,
                amount=claim.approved_amount,
                paid_on=today,
                voucher_number=f"记-{today:%Y%m}-{claim.pk:04d}",
            )


def _evaluator_account() -> User:
    user, created = User.objects.get_or_create(
        username="demo-evaluator",
        defaults={"email": "demo-evaluator@example.cn", "first_name": "评估", "last_name": "南京第三方"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def _committee(staff, institutions) -> None:
    third = _evaluator_account()
    for user, kind, affiliation in ((third, "third_party", "南京某绩效评估咨询公司"), (staff, "bureau", "")):
        if not Evaluator.objects.filter(user=user, ended_at__isnull=True).exists():
            services.evaluator_appoint(user=user, kind=kind, affiliation=affiliation, actor=staff)
    last_period = period_of(timezone.localdate().replace(day=1) - datetime.timedelta(days=200))
    if EvaluationResult.objects.filter(period=last_period).exists():
        return
    base = {"teaching": 82, "attendance": 88, "completion": 80, "employment": 70, "ratings": 90}
    poor = {"teaching": 55, "attendance": 60, "completion": 50, "employment": 40, "ratings": 62}
    for index, org in enumerate(institutions):
        scores = poor if index == len(institutions) - 1 else base  # the last one falls under the threshold
        for user in (third, staff):
            if not InstitutionEvaluation.objects.filter(evaluator__user=user, institution=org, period=last_period):
                services.institution_evaluation_submit(
                    evaluator_user=user, institution=org, period=last_period, scores=scores, comment="演示评估"
                )
    services.evaluation_results_publish(period=last_period, actor=staff)


def seed_records(*, stdout, staff, institutions) -> None:
    issued = _skill_certificates(staff)
    _revoked_certificate(staff)
    _claims(staff)
    _committee(staff, institutions)
    stdout.write(
        f"training records: {issued} skill certificates issued now, {SubsidyPayment.objects.count()} subsidy payments, "
        f"{EvaluationResult.objects.count()} evaluation results (log in as demo-evaluator to score institutions)"
    )
