"""REST API of the training app. Same services and scoping as the pages."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.actions import object_action
from portal.permissions import is_bureau_staff
from training import selectors, services
from training.api import serializers as s
from training.models import Certificate, ClassSession, Course, Enrollment, SubsidyClaim, TrainingClass
from training.permissions import manageable_classes, manageable_enrollments


class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CourseSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["course_type", "module", "delivery", "institution", "subsidy_eligible"]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.course_catalogue(q=params.get("q", "")).prefetch_related("target_occupations")


class TrainingClassViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.TrainingClassSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["course", "region", "cross_region"]

    def get_queryset(self):
        return TrainingClass.objects.filter(course__in=Course.objects.published()).prefetch_related("sessions")

    @extend_schema(request=s.ClassUpdateSerializer, responses=s.TrainingClassSerializer)
    @action(detail=True, methods=["patch"], permission_classes=[permissions.IsAuthenticated])
    def manage(self, request, pk=None):
        """The class's institution (or bureau staff) edits it, through the same service as its page."""
        training_class = get_object_or_404(manageable_classes(request.user), pk=pk)
        data = s.ClassUpdateSerializer(training_class, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        for field, value in data.validated_data.items():
            setattr(training_class, field, value)
        training_class = services.class_update(training_class=training_class, actor=request.user)
        return Response(s.TrainingClassSerializer(training_class).data)

    @extend_schema(request=None, responses={201: s.EnrollmentSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def enroll(self, request, pk=None):
        enrollment = services.enrollment_create(training_class=self.get_object(), veteran=request.user)
        return Response(s.EnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED)


class EnrollmentViewSet(viewsets.ReadOnlyModelViewSet):
    """A veteran's own enrolments; an institution's enrolments in its own classes."""

    serializer_class = s.EnrollmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "training_class"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        user = self.request.user
        return (
            Enrollment.objects.filter(Q(veteran=user) | Q(pk__in=manageable_enrollments(user).values("pk")))
            .select_related("veteran__veteran_profile", "certificate")
            .order_by("-created_at")
        )

    @extend_schema(request=None, responses=s.EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        enrollment = services.enrollment_withdraw(enrollment=self.get_object(), veteran=request.user)
        return Response(s.EnrollmentSerializer(enrollment).data)

    @extend_schema(request=None, responses=s.EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        enrollment = services.enrollment_approve(enrollment=self.get_object(), actor=request.user)
        return Response(s.EnrollmentSerializer(enrollment).data)

    @extend_schema(request=s.AssessmentInputSerializer, responses={201: s.CertificateVerificationSerializer})
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        """The institution records the skill assessment result: the skill level certificate is issued."""
        enrollment = self.get_object()
        data = s.AssessmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = services.skill_certificate_issue(enrollment=enrollment, actor=request.user, **data.validated_data)
        return Response(s.CertificateVerificationSerializer(_verification(certificate)).data, status=201)

    @extend_schema(request=s.RejectSerializer, responses=s.EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        enrollment = self.get_object()  # 404 before validating input for an object that is not the caller's
        data = s.RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = services.enrollment_reject(
            enrollment=enrollment, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(s.EnrollmentSerializer(enrollment).data)


class SessionCheckInView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=s.CheckInSerializer, responses={201: s.AttendanceSerializer})
    def post(self, request, pk):
        session = get_object_or_404(ClassSession, pk=pk)
        data = s.CheckInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attendance = services.attendance_check_in(
            session=session,
            veteran=request.user,
            token=data.validated_data.get("token", ""),
            code=data.validated_data.get("code", ""),
        )
        body = {"recorded": True, "method": attendance.method, "checked_in_at": attendance.checked_in_at}
        return Response(s.AttendanceSerializer(body).data, status=status.HTTP_201_CREATED)


def _verification(cert) -> dict:
    """What anyone may know of a certificate: validity and the holder's masked name, never personal data."""
    course = cert.enrollment.training_class.course
    return {
        "number": cert.number,
        "valid": cert.is_valid(),
        "revoked_at": cert.revoked_at,
        "revoke_reason": cert.revoke_reason,
        "certificate_type": cert.certificate_type,
        "occupation": cert.occupation,
        "skill_level": cert.skill_level,
        "skill_level_label": cert.get_skill_level_display() if cert.skill_level else "",
        "assessment_body": cert.assessment_body,
        "national_number": cert.national_number,
        "assessed_on": cert.assessed_on,
        "holder": cert.masked_holder_name,
        "course": course.title,
        "institution": course.institution.name,
        "issued_at": cert.issued_at,
    }


class CertificateVerifyView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_scope = "certificate_verify"  # public and enumerable: keep guessing slow

    @extend_schema(responses=s.CertificateVerificationSerializer)
    def get(self, request, code):
        cert = get_object_or_404(
            Certificate.objects.select_related("enrollment__training_class__course__institution"), verify_code=code
        )
        return Response(s.CertificateVerificationSerializer(_verification(cert)).data)


class SubsidyClaimViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Own claims (veteran), claims of own classes (institution), all (staff, who also decide)."""

    serializer_class = s.SubsidyClaimSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SubsidyClaim.objects.none()
        user = self.request.user
        qs = SubsidyClaim.objects.select_related("enrollment")
        if is_bureau_staff(user):
            return qs
        return qs.filter(Q(enrollment__veteran=user) | Q(enrollment__in=manageable_enrollments(user)))

    def create(self, request, *args, **kwargs):
        data = s.SubsidyClaimSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = data.validated_data["enrollment"]
        allowed = Enrollment.objects.filter(
            Q(veteran=request.user) | Q(pk__in=manageable_enrollments(request.user).values("pk")), pk=enrollment.pk
        )
        if not allowed.exists():
            from rest_framework.exceptions import NotFound

            raise NotFound
        claim = services.subsidy_claim_file(enrollment=enrollment, actor=request.user)
        return Response(s.SubsidyClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

    def _staff_only(self):
        if not is_bureau_staff(self.request.user):
            raise PermissionDenied

    @extend_schema(request=s.ApproveClaimSerializer, responses=s.SubsidyClaimSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        self._staff_only()
        return object_action(
            self,
            request,
            input=s.ApproveClaimSerializer,
            service=services.subsidy_claim_approve,
            target="claim",
            actor="actor",
            output=s.SubsidyClaimSerializer,
        )

    @extend_schema(request=s.PayeeInputSerializer, responses=s.SubsidyClaimSerializer)
    @action(detail=True, methods=["post"])
    def payee(self, request, pk=None):
        return object_action(
            self,
            request,
            input=s.PayeeInputSerializer,
            service=services.subsidy_claim_set_payee,
            target="claim",
            actor="actor",
            output=s.SubsidyClaimSerializer,
        )

    @extend_schema(
        request={"multipart/form-data": s.AttachmentInputSerializer}, responses={201: s.SubsidyAttachmentSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        claim = self.get_object()
        data = s.AttachmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.subsidy_attachment_add(
            claim=claim, actor=request.user, kind=data.validated_data["kind"], upload=data.validated_data["file"]
        )
        return Response(s.SubsidyAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RejectSerializer, responses=s.SubsidyClaimSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        self._staff_only()
        data = s.RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.subsidy_claim_reject(
            claim=self.get_object(), actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(s.SubsidyClaimSerializer(claim).data)

    @extend_schema(request=s.PaymentInputSerializer, responses=s.SubsidyClaimSerializer)
    @action(detail=True, methods=["post"], url_path="record-payment")
    def record_payment(self, request, pk=None):
        self._staff_only()
        claim = self.get_object()
        data = s.PaymentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.subsidy_payment_record(claim=claim, actor=request.user, **data.validated_data)
        claim.refresh_from_db()
        return Response(s.SubsidyClaimSerializer(claim).data)


class CertificateRevokeView(APIView):
    """The issuing institution or bureau staff revoke a certificate with a reason; anyone else gets 404."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=s.RejectSerializer, responses=s.CertificateVerificationSerializer)
    def post(self, request, number):
        certificate = get_object_or_404(
            Certificate.objects.filter(enrollment__in=manageable_enrollments(request.user)), number=number
        )
        data = s.RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = services.certificate_revoke(
            certificate=certificate, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(s.CertificateVerificationSerializer(_verification(certificate)).data)


class InstitutionEvaluationView(APIView):
    """An appointed evaluator scores an institution for a period (again until the results are published)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=s.InstitutionEvaluationSerializer, responses={201: s.InstitutionEvaluationSerializer})
    def post(self, request):
        data = s.InstitutionEvaluationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        evaluation = services.institution_evaluation_submit(
            evaluator_user=request.user,
            institution=values.pop("institution"),
            period=values.pop("period"),
            comment=values.pop("comment", ""),
            scores=values,
        )
        return Response(s.InstitutionEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)
