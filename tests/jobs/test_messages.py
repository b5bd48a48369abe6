"""Messages per application: the two sides write, the other side is told, unread counts show on the lists;
staff read a complained thread of a fair their organization runs, each read audited; attachments follow the
upload rules and are served only to readers."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.hiring_selectors import with_unread_messages
from jobs.models import Application
from jobs.threads import APPLICATION_THREAD
from portal.exceptions import AccessDenied
from portal.models import AuditLog, Notification
from portal.services.organizations import membership_add
from portal.services.threads import thread_attachment_open, thread_complaint_file, thread_message_send, thread_open
from tests.factories import OrganizationFactory, StaffFactory, VeteranFactory
from tests.jobs.factories import JobFairFactory
from tests.jobs.hiring import applied
from tests.portal.helpers import MINIMAL_PDF

pytestmark = pytest.mark.django_db


def unread(application, user) -> int:
    return with_unread_messages(Application.objects.filter(pk=application.pk), user).get().unread_messages


def test_both_sides_write_the_other_is_told_and_unread_counts_follow_reading():
    application, employer, veteran = applied()
    thread_message_send(subject=application, policy=APPLICATION_THREAD, author=veteran, body="请问岗位需要夜班吗？")
    thread_message_send(subject=application, policy=APPLICATION_THREAD, author=veteran, body="我有C1驾照。")
    assert unread(application, employer) == 2 and unread(application, veteran) == 0
    notice = Notification.objects.filter(recipient=employer, kind="jobs_message").first()
    assert notice.url == f"/jobs/applications/{application.pk}/messages/"
    assert "夜班" not in notice.title + notice.body  # content never travels in the notice
    thread_open(subject=application, policy=APPLICATION_THREAD, user=employer)
    assert unread(application, employer) == 0
    thread_message_send(subject=application, policy=APPLICATION_THREAD, author=employer, body="不需要夜班。")
    assert unread(application, veteran) == 1
    assert Notification.objects.filter(recipient=veteran, kind="jobs_message").exists()


def test_only_the_two_sides_write_and_read():
    application, _employer, _veteran = applied()
    for outsider in (VeteranFactory(), StaffFactory()):
        with pytest.raises(AccessDenied):
            thread_message_send(subject=application, policy=APPLICATION_THREAD, author=outsider, body="hi")
        with pytest.raises(AccessDenied):
            thread_open(subject=application, policy=APPLICATION_THREAD, user=outsider)


def test_empty_too_long_and_bad_attachments_are_refused():
    application, _employer, veteran = applied()
    with pytest.raises(ValidationError) as exc:
        thread_message_send(subject=application, policy=APPLICATION_THREAD, author=veteran, body="  ")
    assert "body" in exc.value.message_dict
    with pytest.raises(ValidationError):
        thread_message_send(subject=application, policy=APPLICATION_THREAD, author=veteran, body="长" * 2001)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        thread_message_send(subject=application, policy=APPLICATION_THREAD, author=veteran, attachment=fake)
    assert "attachment" in exc.value.message_dict


def test_an_attachment_is_stored_under_a_neutral_name_and_served_to_readers_only():
    application, employer, veteran = applied()
    pdf = SimpleUploadedFile("我的证书.pdf", MINIMAL_PDF, content_type="application/pdf")
    message = thread_message_send(subject=application, policy=APPLICATION_THREAD, author=veteran, attachment=pdf)
    assert message.attachment.name.startswith("threads/") and "证书" not in message.attachment.name
    assert thread_attachment_open(policy=APPLICATION_THREAD, message=message, user=employer)
    with pytest.raises(AccessDenied):
        thread_attachment_open(policy=APPLICATION_THREAD, message=message, user=VeteranFactory())


def fair_staff_pair():
    """A fair organised by a bureau organization, one staff member of it and one of another bureau."""
    bureau = OrganizationFactory(org_type="bureau")
    organizer_staff, other_staff = StaffFactory(), StaffFactory()
    membership_add(organization=bureau, user=organizer_staff)
    return JobFairFactory(organizer_org=bureau), organizer_staff, other_staff


def test_staff_of_the_organizer_read_only_after_a_complaint_and_each_read_is_audited():
    fair, organizer_staff, other_staff = fair_staff_pair()
    application, employer, veteran = applied()
    Application.objects.filter(pk=application.pk).update(fair=fair)
    application.refresh_from_db()
    thread_message_send(subject=application, policy=APPLICATION_THREAD, author=employer, body="你必须先交500元培训费")
    with pytest.raises(AccessDenied):
        thread_open(subject=application, policy=APPLICATION_THREAD, user=organizer_staff)
    with pytest.raises(ValidationError):
        thread_complaint_file(subject=application, policy=APPLICATION_THREAD, user=veteran, reason="")
    thread_complaint_file(subject=application, policy=APPLICATION_THREAD, user=veteran, reason="要求交费")
    with pytest.raises(ValidationError, match="already been filed"):
        thread_complaint_file(subject=application, policy=APPLICATION_THREAD, user=employer, reason="again")
    application = Application.objects.get(pk=application.pk)
    thread = thread_open(subject=application, policy=APPLICATION_THREAD, user=organizer_staff)
    thread_open(subject=application, policy=APPLICATION_THREAD, user=organizer_staff)
    reads = AuditLog.objects.filter(actor=organizer_staff, target_id=str(thread.pk), action=AuditLog.Action.UNMASK)
    assert reads.count() == 2
    with pytest.raises(AccessDenied):  # staff of another bureau
        thread_open(subject=application, policy=APPLICATION_THREAD, user=other_staff)
    with pytest.raises(AccessDenied):  # staff read, never write
        thread_message_send(subject=application, policy=APPLICATION_THREAD, author=organizer_staff, body="x")


def test_thread_page_unread_badges_and_complaint_form(client):
    application, employer, veteran = applied()
    thread_message_send(subject=application, policy=APPLICATION_THREAD, author=employer, body="请补充退役证明。")
    client.force_login(veteran)
    listing = client.get("/jobs/applications/mine/").content.decode()
    assert 'data-testid="unread"' in listing
    page = client.get(f"/jobs/applications/{application.pk}/messages/")
    assert "请补充退役证明。" in page.content.decode()
    assert 'data-testid="unread"' not in client.get("/jobs/applications/mine/").content.decode()
    bad = client.post(f"/jobs/applications/{application.pk}/messages/", {"body": ""})
    assert bad.status_code == 400
    sent = client.post(f"/jobs/applications/{application.pk}/messages/", {"body": "好的，明天上传。"})
    assert sent.status_code == 302
    client.force_login(employer)
    assert 'data-testid="unread"' in client.get("/jobs/employer/").content.decode()
    bad = client.post(f"/jobs/applications/{application.pk}/complaint/", {"reason": ""})
    assert bad.status_code == 400
    client.force_login(VeteranFactory())
    assert client.get(f"/jobs/applications/{application.pk}/messages/").status_code == 404
