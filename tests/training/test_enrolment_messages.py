"""Messages between a training institution and a trainee about an enrolment (portal.services.threads under
training.threads.ENROLMENT_THREAD): the two sides write and are told, nobody else reads, bureau staff read only a
complained thread and each read is audited; the page and the API go through the same services."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.exceptions import AccessDenied
from portal.models import AuditLog, Notification, ThreadMessage
from portal.services.threads import (
    thread_attachment_open,
    thread_complaint_file,
    thread_message_send,
    thread_open,
    thread_unread_count,
)
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.portal.helpers import MINIMAL_PDF
from tests.training.factories import InstitutionFactory, TrainingClassFactory
from training import services
from training.personal_data import erase, export
from training.threads import ENROLMENT_THREAD

pytestmark = pytest.mark.django_db
T = ENROLMENT_THREAD


@pytest.fixture
def enrollment(institution_member):
    cls = TrainingClassFactory(course__institution=institution_member.organization)
    return services.enrollment_create(training_class=cls, veteran=VeteranFactory())


def test_both_sides_write_the_other_is_told_and_unread_counts_follow_reading(enrollment, institution_member):
    trainee = enrollment.veteran
    thread_message_send(subject=enrollment, author=trainee, policy=T, body="请问需要带什么材料？")
    assert Notification.objects.filter(recipient=institution_member, kind="training").count() == 1
    assert thread_unread_count(subject=enrollment, user=institution_member) == 1
    thread_open(subject=enrollment, user=institution_member, policy=T)
    assert thread_unread_count(subject=enrollment, user=institution_member) == 0
    thread_message_send(subject=enrollment, author=institution_member, policy=T, body="带身份证即可。")
    notice = Notification.objects.get(recipient=trainee, event_key__startswith="training-enrolment-message")
    assert "身份证" not in notice.title + notice.body  # the content never travels in a notice
    assert thread_unread_count(subject=enrollment, user=trainee) == 1


def test_only_the_two_sides_write_and_read(enrollment):
    outsiders = (VeteranFactory(), OrgMemberFactory(organization=InstitutionFactory()), StaffFactory())
    for outsider in outsiders:
        with pytest.raises(AccessDenied):
            thread_message_send(subject=enrollment, author=outsider, policy=T, body="x")
        with pytest.raises(AccessDenied):
            thread_open(subject=enrollment, user=outsider, policy=T)
    assert not ThreadMessage.objects.exists()


def test_empty_too_long_and_bad_attachments_are_refused(enrollment):
    trainee = enrollment.veteran
    for kwargs in ({"body": "  "}, {"body": "长" * 2001}, {"attachment": SimpleUploadedFile("x.exe", b"MZ\x90")}):
        with pytest.raises(ValidationError):
            thread_message_send(subject=enrollment, author=trainee, policy=T, **kwargs)
    assert not ThreadMessage.objects.exists()


def test_staff_read_only_after_a_complaint_and_each_read_is_audited(enrollment, institution_member):
    staff = StaffFactory()
    message = thread_message_send(
        subject=enrollment,
        author=institution_member,
        policy=T,
        body="附件",
        attachment=SimpleUploadedFile("note.pdf", MINIMAL_PDF, content_type="application/pdf"),
    )
    with pytest.raises(AccessDenied):
        thread_attachment_open(message=message, user=staff, policy=T)
    with pytest.raises(ValidationError):
        thread_complaint_file(subject=enrollment, user=enrollment.veteran, policy=T, reason=" ")
    thread_complaint_file(subject=enrollment, user=enrollment.veteran, policy=T, reason="机构态度恶劣")
    with pytest.raises(ValidationError):
        thread_complaint_file(subject=enrollment, user=institution_member, policy=T, reason="again")
    before = AuditLog.objects.filter(actor=staff, action=AuditLog.Action.UNMASK).count()
    thread_open(subject=enrollment, user=staff, policy=T)
    assert thread_attachment_open(message=message, user=staff, policy=T)
    assert AuditLog.objects.filter(actor=staff, action=AuditLog.Action.UNMASK).count() == before + 2
    with pytest.raises(AccessDenied):  # staff read, never write
        thread_message_send(subject=enrollment, author=staff, policy=T, body="x")


def test_thread_page_for_both_sides_and_404_for_others(client, enrollment, institution_member):
    url = reverse("training:enrollment_messages", args=[enrollment.pk])
    client.force_login(enrollment.veteran)
    response = client.post(url, {"body": "第一条留言"})
    assert response.status_code == 302
    assert client.post(url, {"body": ""}).status_code == 400
    client.force_login(institution_member)
    html = client.get(url).content.decode()
    assert "第一条留言" in html and 'data-testid="message-form"' in html
    roster = client.get(reverse("training:manage_class", args=[enrollment.training_class_id])).content.decode()
    assert url in roster
    for outsider in (VeteranFactory(), OrgMemberFactory(organization=InstitutionFactory()), StaffFactory()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "闯入"}).status_code == 404
    assert ThreadMessage.objects.count() == 1


def test_enrolment_page_links_to_the_thread_with_unread_count(client, enrollment, institution_member):
    thread_message_send(subject=enrollment, author=institution_member, policy=T, body="开班通知")
    client.force_login(enrollment.veteran)
    html = client.get(reverse("training:enrollment_detail", args=[enrollment.pk])).content.decode()
    assert reverse("training:enrollment_messages", args=[enrollment.pk]) in html
    assert 'data-testid="enrollment-messages-link"' in html and "1" in html


def test_api_reads_and_writes_through_the_same_rules(api_client, enrollment, institution_member):
    api_client.force_authenticate(enrollment.veteran)
    url = f"/api/v1/training-threads/{enrollment.pk}/"
    assert api_client.post(url + "messages/", {"body": "API 留言"}, format="json").status_code == 201
    assert api_client.post(url + "messages/", {"body": ""}, format="json").status_code == 400
    api_client.force_authenticate(institution_member)
    rows = api_client.get(url).json()
    assert [(r["body"], r["from_trainee"]) for r in rows] == [("API 留言", True)]
    api_client.force_authenticate(VeteranFactory())
    assert api_client.get(url).status_code == 404
    assert api_client.post(url + "complaint/", {"reason": "x"}, format="json").status_code == 404


def test_personal_data_export_and_erase_cover_the_trainees_messages(enrollment, institution_member):
    thread_message_send(subject=enrollment, author=enrollment.veteran, policy=T, body="我的留言")
    thread_message_send(subject=enrollment, author=institution_member, policy=T, body="机构回复")
    assert [m["body"] for m in export(enrollment.veteran)["enrolment_messages"]] == ["我的留言"]
    erase(enrollment.veteran)
    assert list(ThreadMessage.objects.values_list("body", flat=True)) == ["机构回复"]
