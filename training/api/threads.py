"""API of the messages per enrolment (portal.api.threads, through the same services as the thread page):
GET /training-threads/{enrolment id}/ (the messages; a staff read on complaint is audited), POST …/messages/ (text
and/or an attachment, multipart), POST …/complaint/. Attachments download through the page's checked view."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from portal.api.threads import (
    SubjectThreadViewSet,
    ThreadComplaintSerializer,
    ThreadMessageSendSerializer,
    ThreadMessageSerializer,
)
from training.models import Enrollment
from training.threads import ENROLMENT_THREAD


class EnrolmentMessageSerializer(ThreadMessageSerializer):
    attachment_route = "training:enrollment_message_attachment"
    from_trainee = serializers.SerializerMethodField(method_name="get_from_owner")

    class Meta(ThreadMessageSerializer.Meta):
        fields = ["id", "from_trainee", "body", "attachment_url", "created_at"]
        ref_name = "EnrolmentMessage"


class EnrolmentMessageSendSerializer(ThreadMessageSendSerializer):
    pass


class EnrolmentComplaintSerializer(ThreadComplaintSerializer):
    pass


@extend_schema_view(
    retrieve=extend_schema(
        responses=EnrolmentMessageSerializer(many=True), operation_id="v1_training_threads_messages_read"
    ),
    messages=extend_schema(request=EnrolmentMessageSendSerializer, responses={201: EnrolmentMessageSerializer}),
    complaint=extend_schema(request=EnrolmentComplaintSerializer, responses={204: None}),
)
class EnrolmentThreadViewSet(SubjectThreadViewSet):
    """The message thread of an enrolment (the id is the enrolment's): the trainee and the institution."""

    policy = ENROLMENT_THREAD
    subjects = Enrollment.objects.select_related("training_class__course__institution", "veteran")
    queryset = Enrollment.objects.none()
    serializer_class = message_serializer = EnrolmentMessageSerializer
    send_serializer = EnrolmentMessageSendSerializer
    complaint_serializer = EnrolmentComplaintSerializer
