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
from jobs.models import Application, Message
from jobs.permissions import can_read_thread, threads_of
from jobs.services.messages import message_send, thread_complaint_file, thread_open
from portal.exceptions import AccessDenied


class MessageSerializer(serializers.ModelSerializer):
    from_applicant = serializers.SerializerMethodField()
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "author", "from_applicant", "body", "attachment_url", "created_at"]

    def get_from_applicant(self, message) -> bool:
        return message.author_id == message.thread.application.veteran_id

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
        application = get_object_or_404(Application.objects.select_related("position__organization", "fair"), pk=pk)
        if not can_read_thread(self.request.user, application):
            raise AccessDenied(hide=True)
        return application

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ThreadSummarySerializer(page, many=True).data)

    @extend_schema(responses=MessageSerializer(many=True), operation_id="v1_threads_messages_read")
    def retrieve(self, request, pk=None):
        thread = thread_open(application=self._application(pk), user=request.user, request=request)
        messages = thread.messages.select_related("thread__application")
        return Response(MessageSerializer(messages, many=True).data)

    @extend_schema(request=MessageSendSerializer, responses={201: MessageSerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        data = MessageSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = message_send(application=self._application(pk), author=request.user, **data.validated_data)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ThreadComplaintSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def complaint(self, request, pk=None):
        data = ThreadComplaintSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        thread_complaint_file(
            application=self._application(pk), user=request.user, reason=data.validated_data["reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
