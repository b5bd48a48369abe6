"""The parties of the access matrix: an *owner* side holding one object of every kind, and one *actor* per role.

Every object here belongs to the owner side (the owner veteran, the owner employer organization, the owner
institution, …). The actors are other users, one per role, each a complete member of that role (a verified
organization, an approved mentor, an issued merchant…), so that a refusal comes from object scoping and not from
a missing role. Objects that a page lists publicly are built unpublished where the route also serves published
ones (a pending position, an unpublished fair, course, offer…): only their owner and staff may reach them.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from benefits.services import merchants as merchant_services
from benefits.services.verification import photo_link
from entrepreneurship.models import LoanApplication, LoanDocument, MentorBooking, Residency, Score, SubsidySettlement
from jobs.matching.models import WeeklyPick, monday_of
from jobs.models import (
    Application,
    Booth,
    EmploymentRecord,
    FairRegistration,
    FollowUp,
    Position,
    PositionSpotCheck,
    PresentationSlot,
    QueueTicket,
)
from jobs.services.applications import application_submit
from jobs.services.interviews import interview_pick, interview_propose
from jobs.services.saved_searches import saved_search_create
from jobs.threads import APPLICATION_THREAD
from portal.care import services as care_services
from portal.care.models import CareTask
from portal.counsel import services as counsel_services
from portal.models import (
    ExportJob,
    FamilyMemberProfile,
    ImportJob,
    Notification,
    OrganizationInvitation,
    OrganizationMembership,
    VeteranProfile,
)
from portal.news.models import Article, Attachment
from portal.onestop import services as onestop_services
from portal.services.family import family_profile_save
from portal.services.notifications import unsubscribe_token
from portal.services.threads import thread_message_send
from portal.services.tokens import api_token_create, integration_key_create
from portal.uploads import encrypted_content
from tests import factories
from tests.benefits import factories as benefits_factories
from tests.entrepreneurship import factories as ent_factories
from tests.jobs.factories import BoothFactory, JobFairFactory, PositionFactory
from tests.portal.helpers import MINIMAL_PDF
from tests.training.factories import CourseFactory, InstitutionFactory, SessionFactory, TrainingClassFactory
from training.models import Certificate, Enrollment, Evaluator, SubsidyAttachment, SubsidyClaim
from training.threads import ENROLMENT_THREAD

# The roles tried as actors against the owner side's objects ("anonymous" is no user at all).
ROLES = (
    "anonymous",
    "veteran",
    "family",
    "employer",
    "institution",
    "mentor",
    "bank",
    "merchant",
    "incubator",
    "staff",
)

SENSITIVE_PERMISSIONS = ("view_full_id_number", "browse_auditlog")


def _family_of(veteran_user):
    user = factories.UserFactory()
    family_profile_save(
        user=user,
        real_name="王芳",
        id_number=factories.next_id_number(),
        relation=FamilyMemberProfile.Relation.values[0],
        veteran_id_number=veteran_user.veteran_profile.get_id_number(),
        phone="13900000001",
        region=factories.region("350102"),
        proof=benefits_factories.photo_upload(),
    )
    FamilyMemberProfile.objects.filter(user=user).update(verified=True)
    return user


def _member(organization):
    return factories.OrgMemberFactory(organization=organization)


def build_actors(owner_side: SimpleNamespace) -> dict:
    """One user per role, none of them party to the owner side's objects. The family member is the owner
    veteran's own (a confirmed link): the closest relation, which still gives no right to the veteran's records."""
    veteran = factories.VeteranFactory()
    ent_factories.enterprise(founder=veteran, name="别人的项目")
    mentor = ent_factories.mentor().user
    merchant = benefits_factories.merchant_member()
    incubator = factories.OrgMemberFactory(org_type="incubator")
    ent_factories.incubator_base(operator=incubator.organization)
    bank = factories.OrgMemberFactory(org_type="bank")
    ent_factories.loan_product(bank=bank.organization)
    institution = _member(InstitutionFactory())
    CourseFactory(institution=institution.organization)
    return {
        "anonymous": None,
        "veteran": veteran,
        "family": owner_side.family,
        "employer": factories.OrgMemberFactory(org_type="employer"),
        "institution": institution,
        "mentor": mentor,
        "bank": bank,
        "merchant": merchant,
        "incubator": incubator,
        "staff": factories.StaffFactory(),  # in the staff group, without the sensitive permissions
    }


def build_owner_side() -> SimpleNamespace:
    """The owner parties and one object of every kind they hold, made with the tests' factories and services."""
    w = SimpleNamespace()
    now = timezone.now()
    today = timezone.localdate()

    # --- people ------------------------------------------------------------------------------------------
    w.staff = factories.StaffFactory()
    w.staff_full = factories.StaffFactory()
    w.staff_full.user_permissions.add(
        *Permission.objects.filter(codename__in=SENSITIVE_PERMISSIONS, content_type__app_label="portal")
    )
    w.veteran = factories.VeteranFactory()
    resume = default_storage.save("resumes/matrix.pdf", ContentFile(MINIMAL_PDF))
    VeteranProfile.objects.filter(user=w.veteran).update(resume=resume)
    w.family = _family_of(w.veteran)
    w.family_profile = w.family.family_profile
    w.employer_org = factories.OrganizationFactory(org_type="employer")
    w.employer = _member(w.employer_org)
    OrganizationMembership.objects.filter(user=w.employer).update(role=OrganizationMembership.Role.ADMIN)
    licence = default_storage.save("licences/matrix.pdf", ContentFile(MINIMAL_PDF))
    type(w.employer_org).objects.filter(pk=w.employer_org.pk).update(business_licence=licence)
    w.institution_org = InstitutionFactory()
    w.institution = _member(w.institution_org)
    w.mentor_profile = ent_factories.mentor()
    w.mentor = w.mentor_profile.user
    w.pending_mentor = ent_factories.mentor(approved=False)
    w.bank_org = factories.OrganizationFactory(org_type="bank")
    w.bank = _member(w.bank_org)
    w.incubator_org = factories.OrganizationFactory(org_type="incubator")
    w.incubator = _member(w.incubator_org)
    w.merchant = benefits_factories.merchant()
    w.merchant_member = benefits_factories.merchant_member(w.merchant)

    # --- jobs --------------------------------------------------------------------------------------------
    w.position = PositionFactory(organization=w.employer_org)
    w.pending_position = PositionFactory(organization=w.employer_org, status=Position.Status.PENDING, published_at=None)
    w.application = application_submit(share_consent=True, channel="web", position=w.position, veteran=w.veteran)
    hired = Application.objects.create(
        position=PositionFactory(organization=w.employer_org), veteran=w.veteran, status=Application.Status.HIRED
    )
    w.employment = EmploymentRecord.objects.create(
        application=hired, veteran=w.veteran, organization=w.employer_org, position=hired.position, started_on=today
    )
    w.follow_up = FollowUp.objects.create(record=w.employment, months=3, due_on=today)
    w.fair = JobFairFactory()
    w.hidden_fair = JobFairFactory(is_published=False)
    w.booth = BoothFactory(fair=w.fair, organization=w.employer_org, status=Booth.Status.APPROVED, number=1)
    w.pending_booth = BoothFactory(fair=w.fair, organization=factories.OrganizationFactory())
    w.registration = FairRegistration.objects.create(fair=w.fair, user=w.veteran, seat=1)
    # A live-stream fair on now, the owner employer's booth presenting (it may hand over; nobody else but staff).
    w.live_fair = JobFairFactory(
        kind="livestream",
        venue="",
        stream_url="https://live.example.cn/index.m3u8",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=5),
        registration_closes_at=now,
    )
    w.live_booth = BoothFactory(fair=w.live_fair, organization=w.employer_org, status=Booth.Status.APPROVED, number=1)
    w.live_booth.positions.set([w.position])
    w.live_fair.presenting_booth = w.live_booth
    w.live_fair.save(update_fields=["presenting_booth"])
    w.presentation_slot = PresentationSlot.objects.create(
        fair=w.live_fair, booth=w.live_booth, starts_at=now, ends_at=now + datetime.timedelta(minutes=30)
    )
    w.weekly_pick = WeeklyPick.objects.create(week_start=monday_of(today), position=w.position)
    # the hiring loop: a booked interview (a second time still offered), a message with an attachment, a number
    # in the booth's queue
    w.interview = interview_propose(
        application=w.application,
        actor=w.employer,
        times=[now + datetime.timedelta(days=2), now + datetime.timedelta(days=3)],
        details={
            "minutes": 30,
            "mode": "onsite",
            "address": "五四路100号",
            "contact_name": "林经理",
            "contact_phone": "0591-88001234",
            "interviewer": w.employer,
        },
    )
    w.interview_slot = w.interview.offered_slots.order_by("starts_at").first()
    interview_pick(interview=w.interview, actor=w.veteran, slot=w.interview_slot)
    w.message = thread_message_send(
        subject=w.application,
        policy=APPLICATION_THREAD,
        author=w.veteran,
        body="矩阵测试留言",
        attachment=SimpleUploadedFile("proof.pdf", MINIMAL_PDF, content_type="application/pdf"),
    )
    w.queue_ticket = QueueTicket.objects.create(booth=w.booth, user=w.veteran, number=1)
    w.saved_search = saved_search_create(user=w.veteran, filters={"q": "驾驶员"}, frequency="daily")
    w.spot_check = PositionSpotCheck.objects.create(position=w.position)

    # --- training ----------------------------------------------------------------------------------------
    w.course = CourseFactory(institution=w.institution_org)
    w.hidden_course = CourseFactory(institution=w.institution_org, is_published=False)
    w.training_class = TrainingClassFactory(course=w.course)
    w.hidden_class = TrainingClassFactory(course=w.hidden_course)
    w.session = SessionFactory(training_class=w.training_class)
    w.enrollment = Enrollment.objects.create(
        training_class=w.training_class, veteran=w.veteran, status=Enrollment.Status.COMPLETED, sequence=1
    )
    w.trainee = factories.VeteranFactory()  # enrolled in the class now running: the one who may check in
    Enrollment.objects.create(
        training_class=w.training_class, veteran=w.trainee, status=Enrollment.Status.ENROLLED, sequence=2
    )
    w.pending_enrollment = Enrollment.objects.create(
        training_class=TrainingClassFactory(course=w.course),
        veteran=w.veteran,
        status=Enrollment.Status.PENDING,
        sequence=1,
    )
    w.certificate = Certificate.objects.create(
        enrollment=w.enrollment, number="TEST-2026-0001", holder_name="张伟", certificate_type="completion"
    )
    w.subsidy_claim = SubsidyClaim.objects.create(enrollment=w.enrollment, amount=Decimal(1500), filed_by=w.veteran)
    w.enrolment_message = thread_message_send(
        subject=w.enrollment,
        author=w.veteran,
        policy=ENROLMENT_THREAD,
        body="矩阵测试留言",
        attachment=SimpleUploadedFile("proof.pdf", MINIMAL_PDF, content_type="application/pdf"),
    )
    w.subsidy_attachment = SubsidyAttachment.objects.create(
        claim=w.subsidy_claim, kind="invoice", file=ContentFile(MINIMAL_PDF, name="invoice.pdf"), uploaded_by=w.veteran
    )
    w.evaluator_user = factories.UserFactory()  # a third-party evaluator of the committee
    w.evaluator = Evaluator.objects.create(user=w.evaluator_user, kind="third_party", affiliation="第三方评估公司")

    # --- entrepreneurship --------------------------------------------------------------------------------
    w.enterprise = ent_factories.enterprise(founder=w.veteran)
    w.base = ent_factories.incubator_base(operator=w.incubator_org)
    w.hidden_base = ent_factories.incubator_base(operator=w.incubator_org, is_active=False, name="停用的基地")
    w.residency = Residency.objects.create(base=w.base, enterprise=w.enterprise, workstations_requested=1)
    w.slot = ent_factories.slot(w.mentor_profile)
    w.pending_slot = ent_factories.slot(w.pending_mentor)
    booked = ent_factories.slot(w.mentor_profile, hours_ahead=72)
    booked.is_booked = True
    booked.save(update_fields=["is_booked"])
    w.booking = MentorBooking.objects.create(slot=booked, veteran=w.veteran, topic=MentorBooking.Topic.values[0])
    w.loan_product = ent_factories.loan_product(bank=w.bank_org)
    w.hidden_loan_product = ent_factories.loan_product(bank=w.bank_org, is_active=False, name="停办的贷款")
    w.loan_application = LoanApplication.objects.create(
        product=w.loan_product,
        applicant=w.veteran,
        enterprise=w.enterprise,
        amount=Decimal(100000),
        term_months=12,
        purpose="购置设备",
    )
    w.loan_document = LoanDocument(
        application=w.loan_application, kind=LoanDocument.Kind.PLAN, extension="pdf", size=len(MINIMAL_PDF)
    )
    w.loan_document.file.save("plan.fernet", encrypted_content(MINIMAL_PDF, name="plan.fernet"), save=False)
    w.loan_document.save()
    w.settlement = SubsidySettlement.objects.create(
        application=w.loan_application,
        quarter="2026-Q1",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        interest=Decimal("862.50"),
        subsidy=Decimal("862.50"),
    )
    w.competition = ent_factories.competition()
    w.draft_competition = ent_factories.competition(status="draft")
    w.entry = ent_factories.entry(w.competition, project=w.enterprise)
    w.entry.pitch = "所有者的参赛项目简介"
    w.entry.save(update_fields=["pitch"])
    w.judge = ent_factories.judge(w.competition)
    w.score = Score.objects.create(
        entry=w.entry, stage=w.entry.stage, judge=w.judge, values={}, weighted_total=Decimal("80.00")
    )

    # --- benefits ----------------------------------------------------------------------------------------
    w.card = benefits_factories.issued_card(holder=w.veteran, staff=w.staff)
    w.card_application = w.card.application
    # The link a verification at the owner merchant hands out: the holder, staff and that merchant's members only.
    w.card_photo_link = photo_link(w.card, merchant_id=w.merchant.pk).rsplit("/", 2)[-2]
    w.offer = benefits_factories.offer(w.merchant)
    w.hidden_merchant = benefits_factories.merchant()
    w.hidden_merchant.active = False
    w.hidden_merchant.save(update_fields=["active"])
    w.hidden_offer = benefits_factories.offer(w.merchant, title="下架的优惠", active=False)
    merchant_services.offer_index(w.hidden_offer)
    w.card_use = w.card.uses.create(merchant=w.merchant, offer=w.offer, member=w.merchant_member, minute_bucket=1)

    # --- the shell ---------------------------------------------------------------------------------------
    w.notification = Notification.objects.create(recipient=w.veteran, kind="system", title="通知", event_key="t-1")
    w.invitation = OrganizationInvitation.objects.create(
        organization=w.employer_org, email="invitee@example.cn", invited_by=w.employer
    )
    w.unsubscribe_token = unsubscribe_token(w.veteran)
    w.pending_org = factories.OrganizationFactory(status="pending")
    w.import_job = ImportJob.objects.create(created_by=w.staff, file_format="csv", total=1)
    w.export_job = ExportJob.objects.create(
        requested_by=w.staff,
        export_key="veterans",
        file_format="csv",
        status=ExportJob.Status.DONE,
        file=default_storage.save("exports/matrix.csv", ContentFile(b"id\n1\n")),
        expires_at=now + datetime.timedelta(hours=1),
    )
    w.api_token, _key = api_token_create(user=w.veteran, name="我的脚本")
    w.integration_key, _key = integration_key_create(organization=w.employer_org, name="HR 系统", created_by=w.employer)
    w.veteran_profile = w.veteran.veteran_profile
    w.draft_article = Article.objects.create(category="employment", title="未发布的政策", body="草稿")
    w.published_article = Article.objects.create(
        category="employment", title="已发布的政策", body="正文", status=Article.Status.PUBLISHED, published_at=now
    )
    w.draft_attachment = Attachment.objects.create(
        article=w.draft_article,
        title="政策原文",
        file=default_storage.save("news/matrix.pdf", ContentFile(MINIMAL_PDF)),
    )
    w.care_subject = care_services.care_subject_mark(
        veteran=w.veteran_profile, staff_user=w.staff, reasons=["elderly"], interval_days=30
    )
    w.care_visit = w.care_subject.visits.get()
    w.care_task = CareTask.objects.create(
        visit=w.care_visit, need="medical", description="体检", assigned_to=w.staff, due_on=today
    )
    w.onestop_bundle = onestop_services.onestop_submit(veteran_user=w.veteran, created_by=w.veteran)
    # Counselling and legal aid: the owner veteran's request, assigned by `counsel_staff` to `counsel_provider`
    # (a lawyer), booked on one slot with another free; and an open request any staff member may assign.
    w.counsel_staff = factories.StaffFactory()
    w.counsel_provider = factories.UserFactory()
    w.counsel_lawyer = counsel_services.provider_mark(
        user=w.counsel_provider, staff_user=w.counsel_staff, kind="lawyer"
    )
    w.counsel_request = counsel_services.request_create(
        user=w.veteran, kind="legal", description="欠薪仲裁", preferred_times="周六上午"
    )
    counsel_services.request_assign(request=w.counsel_request, staff_user=w.counsel_staff, provider=w.counsel_lawyer)
    w.counsel_slot = counsel_services.slot_add(
        provider=w.counsel_lawyer, starts_at=now + datetime.timedelta(days=3), minutes=60, place="法律援助中心"
    )
    w.counsel_open_request = counsel_services.request_create(
        user=w.veteran, kind="legal", description="工伤认定", preferred_times="周一"
    )
    w.now, w.today = now, today
    return w


def party(world: SimpleNamespace, name: str):
    """An owner party's user by its name in a rule's `owners` ("merchant" is the merchant's member)."""
    return {"merchant": world.merchant_member}.get(name) or getattr(world, name)


__all__ = ["ROLES", "build_actors", "build_owner_side", "party"]
