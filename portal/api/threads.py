"""The API of a message thread about an object (portal.services.threads), for each subject app to subclass with its
policy: GET {subject id}/ (the messages; a staff read on complaint is audited), POST …/messages/ (text and/or an
attachment, multipart), POST …/complaint/. Attachments download through the app's permission-checked page view.

A subclass names its policy, its subjects' queryset and its serializers (subclasses of the ones here, so that each
app keeps its own schema names and its own word for "from the owner"), and describes its operations with
extend_schema_view."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.models import ThreadMessage
from portal.services.threads import BODY_LIMIT, COMPLAINT_LIMIT, thread_complaint_file, thread_message_send, thread_open


# A subclass adds its owner flag (`SerializerMethodField(method_name="get_from_owner")`) and names the page route
# that downloads an attachment. (No docstring: it would become every subclass's schema description.)
class ThreadMessageSerializer(serializers.ModelSerializer):
    attachment_route = ""
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = ThreadMessage
        fields = ["id", "body", "attachment_url", "created_at"]

    def get_from_owner(self, message) -> bool:
        return message.author_id is not None and message.author_id == self.context.get("owner_id")

    def get_attachment_url(self, message) -> str:
        return reverse(self.attachment_route, args=[message.pk]) if message.attachment else ""


class ThreadMessageSendSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=BODY_LIMIT, required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class ThreadComplaintSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMPLAINT_LIMIT)


class SubjectThreadViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    policy = None  # the subject app's portal.threads.ThreadPolicy
    subjects = None  # the subjects' queryset (who may read is the services' question: others get 404)
    message_serializer = ThreadMessageSerializer
    send_serializer = ThreadMessageSendSerializer
    complaint_serializer = ThreadComplaintSerializer

    def _subject(self, pk):
        return get_object_or_404(self.subjects, pk=pk)

    def _messages(self, subject, messages, **kwargs):
        context = {"owner_id": self.policy.owner(subject).pk}
        return self.message_serializer(messages, context=context, **kwargs).data

    def retrieve(self, request, pk=None):
        subject = self._subject(pk)
        thread = thread_open(subject=subject, user=request.user, policy=self.policy, request=request)
        return Response(self._messages(subject, thread.messages.all(), many=True))

    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        data = self.send_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        subject = self._subject(pk)
        message = thread_message_send(subject=subject, author=request.user, policy=self.policy, **data.validated_data)
        return Response(self._messages(subject, message), status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def complaint(self, request, pk=None):
        data = self.complaint_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data["reason"]
        thread_complaint_file(subject=self._subject(pk), user=request.user, policy=self.policy, reason=reason)
        return Response(status=status.HTTP_204_NO_CONTENT)
