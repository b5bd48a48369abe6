"""API of the messages per enrolment, through the same services as the thread page (portal.services.threads):
GET /training-threads/{enrolment id}/ (the messages; a staff read on complaint is audited), POST …/messages/ (text
and/or an attachment, multipart), POST …/complaint/. Attachments download through the page's checked view."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.models import ThreadMessage
from portal.services.threads import thread_complaint_file, thread_message_send, thread_open
from training.models import Enrollment
from training.threads import ENROLMENT_THREAD


class EnrolmentMessageSerializer(serializers.ModelSerializer):
    from_trainee = serializers.SerializerMethodField()
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = ThreadMessage
        fields = ["id", "from_trainee", "body", "attachment_url", "created_at"]
        ref_name = "EnrolmentMessage"

    def get_from_trainee(self, message) -> bool:
        return message.author_id is not None and message.author_id == self.context.get("trainee_id")

    def get_attachment_url(self, message) -> str:
        return reverse("training:enrollment_message_attachment", args=[message.pk]) if message.attachment else ""


class EnrolmentMessageSendSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class EnrolmentComplaintSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class EnrolmentThreadViewSet(viewsets.GenericViewSet):
    """The message thread of an enrolment (the id is the enrolment's): the trainee and the institution."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = EnrolmentMessageSerializer
    queryset = Enrollment.objects.none()

    def _enrollment(self, pk) -> Enrollment:
        return get_object_or_404(Enrollment.objects.select_related("training_class__course__institution"), pk=pk)

    @extend_schema(responses=EnrolmentMessageSerializer(many=True), operation_id="v1_training_threads_messages_read")
    def retrieve(self, request, pk=None):
        enrollment = self._enrollment(pk)
        thread = thread_open(subject=enrollment, user=request.user, policy=ENROLMENT_THREAD, request=request)
        context = {"trainee_id": enrollment.veteran_id}
        return Response(EnrolmentMessageSerializer(thread.messages.all(), many=True, context=context).data)

    @extend_schema(request=EnrolmentMessageSendSerializer, responses={201: EnrolmentMessageSerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        data = EnrolmentMessageSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = self._enrollment(pk)
        message = thread_message_send(
            subject=enrollment, author=request.user, policy=ENROLMENT_THREAD, **data.validated_data
        )
        context = {"trainee_id": enrollment.veteran_id}
        return Response(EnrolmentMessageSerializer(message, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EnrolmentComplaintSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def complaint(self, request, pk=None):
        data = EnrolmentComplaintSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        thread_complaint_file(
            subject=self._enrollment(pk),
            user=request.user,
            policy=ENROLMENT_THREAD,
            reason=data.validated_data["reason"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
