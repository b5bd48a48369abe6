"""Factories of the training app."""

import datetime

import factory
from django.utils import timezone

from portal.models import Organization
from tests.factories import OrganizationFactory, region
from training.models import ClassSession, Course, TrainingClass


class InstitutionFactory(OrganizationFactory):
    org_type = Organization.Type.INSTITUTION
    name = factory.Sequence(lambda n: f"测试培训中心{n}")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    institution = factory.SubFactory(InstitutionFactory)
    title = factory.Sequence(lambda n: f"工业机器人运维{n}")
    course_type = Course.Type.VOCATIONAL
    module = Course.Module.EMPLOYMENT
    hours = 40
    subsidy_eligible = True
    subsidy_amount = 1500
    auto_approve = True


class TrainingClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingClass

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"第{n}期")
    region = factory.LazyFunction(lambda: region("350100"))
    venue = "福州市鼓楼区实训基地"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    capacity = 10
    enrolment_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    enrolment_closes = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=5))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassSession

    training_class = factory.SubFactory(TrainingClassFactory)
    title = "理论课"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=10))
    ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=2))


def hire(veteran, started_on):
    """A hire as the jobs app records it: an application reaching "hired" creates an EmploymentRecord."""
    from jobs.models import Application
    from jobs.services.applications import employment_record_create
    from tests.jobs.factories import PositionFactory

    application = Application.objects.create(
        position=PositionFactory(), veteran=veteran, status=Application.Status.HIRED
    )
    return employment_record_create(application=application, started_on=started_on)


def pdf_upload(name="attendance.pdf"):
    """A small real PDF (the upload rules sniff the content, not the name)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "attendance sheet")
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def claim_with_evidence(claim, actor=None):
    """What approval needs: an attendance sheet and the payee account, as the trainee would add them."""
    from training import services
    from training.models import SubsidyAttachment

    actor = actor or claim.enrollment.veteran
    services.subsidy_attachment_add(
        claim=claim, actor=actor, kind=SubsidyAttachment.Kind.ATTENDANCE_SHEET, upload=pdf_upload()
    )
    return services.subsidy_claim_set_payee(
        claim=claim, actor=actor, payee="trainee", name="李卫国", bank="中国银行福州分行", account="6217 8500 0000 1234"
    )
