"""API of the messages per application: GET /threads/ (the caller's applications with unread counts),
GET /threads/{application id}/ (the messages; a staff read on complaint is audited), POST …/messages/ (text and/or
an attachment, multipart), POST …/complaint/. Attachments download through the page's permission-checked view."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from jobs.hiring_selectors import with_unread_messages
from jobs.models import Application
from jobs.permissions import threads_of
from jobs.threads import APPLICATION_THREAD
from portal.api.threads import (
    SubjectThreadViewSet,
    ThreadComplaintSerializer,
    ThreadMessageSendSerializer,
    ThreadMessageSerializer,
)


class MessageSerializer(ThreadMessageSerializer):
    attachment_route = "jobs:message_attachment"
    from_applicant = serializers.SerializerMethodField(method_name="get_from_owner")

    class Meta(ThreadMessageSerializer.Meta):
        fields = ["id", "author", "from_applicant", "body", "attachment_url", "created_at"]
        ref_name = "Message"


class ThreadSummarySerializer(serializers.ModelSerializer):
    unread_messages = serializers.IntegerField(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "position", "status", "unread_messages"]


class MessageSendSerializer(ThreadMessageSendSerializer):
    pass


@extend_schema_view(
    retrieve=extend_schema(responses=MessageSerializer(many=True), operation_id="v1_threads_messages_read"),
    messages=extend_schema(request=MessageSendSerializer, responses={201: MessageSerializer}),
    complaint=extend_schema(request=ThreadComplaintSerializer, responses={204: None}),
)
class ThreadViewSet(SubjectThreadViewSet):
    """The message thread of an application (the id is the application's)."""

    policy = APPLICATION_THREAD
    subjects = Application.objects.select_related("position__organization", "fair", "veteran")
    message_serializer = MessageSerializer
    send_serializer = MessageSendSerializer
    complaint_serializer = ThreadComplaintSerializer
    serializer_class = ThreadSummarySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return with_unread_messages(threads_of(self.request.user), self.request.user).order_by("-created_at", "-id")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ThreadSummarySerializer(page, many=True).data)
