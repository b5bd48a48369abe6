"""API of the messages per application: GET /threads/ (the caller's applications with unread counts),
GET /threads/{application id}/ (the messages; a staff read on complaint is audited), POST …/messages/ (text and/or
an attachment, multipart), POST …/complaint/. Attachments download through the page's permission-checked view."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from jobs.hiring_selectors import with_unread_messages
from jobs.models import Application
from jobs.permissions import threads_of
from jobs.threads import APPLICATION_THREAD
from portal.models import ThreadMessage
from portal.services.threads import thread_complaint_file, thread_message_send, thread_open


class MessageSerializer(serializers.ModelSerializer):
    from_applicant = serializers.SerializerMethodField()
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = ThreadMessage
        fields = ["id", "author", "from_applicant", "body", "attachment_url", "created_at"]
        ref_name = "Message"

    def get_from_applicant(self, message) -> bool:
        return message.author_id is not None and message.author_id == self.context.get("applicant_id")

    def get_attachment_url(self, message) -> str:
        return reverse("jobs:message_attachment", args=[message.pk]) if message.attachment else ""


class ThreadSummarySerializer(serializers.ModelSerializer):
    unread_messages = serializers.IntegerField(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "position", "status", "unread_messages"]


class MessageSendSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class ThreadComplaintSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ThreadViewSet(viewsets.GenericViewSet):
    """The message thread of an application (the id is the application's)."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = ThreadSummarySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return with_unread_messages(threads_of(self.request.user), self.request.user).order_by("-created_at", "-id")

    def _application(self, pk) -> Application:
        # Who may read or write is the services' question: anyone else gets the 404 of a missing id.
        return get_object_or_404(Application.objects.select_related("position__organization", "fair"), pk=pk)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ThreadSummarySerializer(page, many=True).data)

    @extend_schema(responses=MessageSerializer(many=True), operation_id="v1_threads_messages_read")
    def retrieve(self, request, pk=None):
        application = self._application(pk)
        thread = thread_open(subject=application, user=request.user, policy=APPLICATION_THREAD, request=request)
        context = {"applicant_id": application.veteran_id}
        return Response(MessageSerializer(thread.messages.all(), many=True, context=context).data)

    @extend_schema(request=MessageSendSerializer, responses={201: MessageSerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        data = MessageSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = self._application(pk)
        message = thread_message_send(
            subject=application, author=request.user, policy=APPLICATION_THREAD, **data.validated_data
        )
        context = {"applicant_id": application.veteran_id}
        return Response(MessageSerializer(message, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ThreadComplaintSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def complaint(self, request, pk=None):
        data = ThreadComplaintSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        thread_complaint_file(
            subject=self._application(pk),
            user=request.user,
            policy=APPLICATION_THREAD,
            reason=data.validated_data["reason"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
