"""Card applications, review, issuance and the card lifecycle."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from benefits import tokens
from benefits.models import Card, CardApplication, CardUse
from benefits.services import cards as card_services
from benefits.services.verification import card_use_record
from portal.models import AuditLog, FamilyMemberProfile, Notification, VeteranProfile
from tests import factories
from tests.benefits import factories as bf

pytestmark = pytest.mark.django_db


def test_verified_veteran_applies_and_staff_approve_issues_unique_numbered_card():
    veteran, staff = factories.VeteranFactory(), factories.StaffFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    assert application.status == "submitted" and application.holder_kind == "veteran"
    assert "me" not in application.photo.name and application.photo.name.startswith("benefits/photos/")
    card = card_services.card_application_approve(application=application, staff=staff)
    other = bf.issued_card(staff=staff)
    assert card.number != other.number and card.number.startswith("3501")
    assert card.valid_from == timezone.localdate() and card.valid_until > card.valid_from
    assert card.is_valid() and card.holder_name == "张伟"
    assert Notification.objects.filter(recipient=veteran, kind="benefits_application").exists()
    assert AuditLog.objects.filter(action=AuditLog.Action.APPROVE, actor=staff).exists()


def test_unverified_veteran_cannot_apply():
    veteran = factories.VeteranFactory(profile=False)
    with pytest.raises(ValidationError):
        card_services.card_application_submit(applicant=veteran, photo=bf.photo_upload(), station=bf.station())


def test_verified_family_member_linked_to_veteran_can_apply_unlinked_cannot():
    veteran = factories.VeteranFactory()
    relative = factories.UserFactory()
    family = FamilyMemberProfile.objects.create(
        user=relative, real_name="李秀英", relation="spouse", veteran=veteran.veteran_profile, verified=False
    )
    with pytest.raises(ValidationError):
        card_services.card_application_submit(applicant=relative, photo=bf.photo_upload(), station=bf.station())
    family.verified = True
    family.save()
    application = card_services.card_application_submit(
        applicant=relative, photo=bf.photo_upload(), station=bf.station()
    )
    card = card_services.card_application_approve(application=application, staff=factories.StaffFactory())
    assert card.holder_kind == "family" and card.masked_name == "李**"


def test_photo_is_checked_by_content_and_size():
    veteran = factories.VeteranFactory()
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>" * 10, content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        card_services.card_application_submit(applicant=veteran, photo=fake, station=bf.station())
    assert "photo" in exc.value.message_dict
    big = bf.photo_upload(size=(3000, 3000), fmt="BMP")  # BMP is not accepted either way
    with pytest.raises(ValidationError):
        card_services.card_application_submit(applicant=veteran, photo=big, station=bf.station())
    assert not CardApplication.objects.exists()


def test_second_open_application_and_second_card_are_refused():
    veteran = factories.VeteranFactory()
    card_services.card_application_submit(applicant=veteran, photo=bf.photo_upload(), station=bf.station())
    with pytest.raises(ValidationError):
        card_services.card_application_submit(applicant=veteran, photo=bf.photo_upload(), station=bf.station())
    card = bf.issued_card()
    with pytest.raises(ValidationError):
        card_services.card_application_submit(applicant=card.holder, photo=bf.photo_upload(), station=bf.station())


def test_reject_needs_reason_and_notifies():
    veteran, staff = factories.VeteranFactory(), factories.StaffFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    with pytest.raises(ValidationError):
        card_services.card_application_reject(application=application, staff=staff, reason=" ")
    card_services.card_application_reject(application=application, staff=staff, reason="照片不清晰且非本人")
    application.refresh_from_db()
    assert application.status == "rejected" and application.status_reason == "照片不清晰且非本人"
    assert Notification.objects.filter(recipient=veteran, body="照片不清晰且非本人").exists()
    with pytest.raises(ValidationError):  # decided applications stay decided
        card_services.card_application_approve(application=application, staff=staff)
    assert not Card.objects.exists()


def test_correction_round_trip():
    veteran, staff = factories.VeteranFactory(), factories.StaffFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    card_services.card_application_request_correction(application=application, staff=staff, reason="请上传正面免冠照")
    application.refresh_from_db()
    assert application.status == "correction"
    card_services.card_application_correct(application=application, photo=bf.photo_upload())
    application.refresh_from_db()
    assert application.status == "submitted"
    assert card_services.card_application_approve(application=application, staff=staff).is_valid()


def test_staff_acting_on_behalf_is_recorded():
    veteran, staff = factories.VeteranFactory(), factories.StaffFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station(), acting_staff=staff
    )
    assert application.submitted_by_staff == staff
    # the calling view records the act (portal.staff.services.acting_record); see test_workbench.py
    assert not AuditLog.objects.filter(action=AuditLog.Action.ACT_FOR).exists()


def test_lost_card_reissue_keeps_history_and_invalidates_old_number():
    card = bf.issued_card()
    merchant, member = bf.merchant(), None
    member = bf.merchant_member(merchant)
    old_printed = tokens.printed_token(card.token_id)
    _r, use, created = card_use_record(token=tokens.dynamic_token(card.token_id), merchant=merchant, member=member)
    assert created
    new_card = card_services.card_report_lost(card=card, actor=card.holder)
    card.refresh_from_db()
    assert card.status == Card.Status.LOST and card.replacement == new_card and new_card.previous == card
    assert new_card.number != card.number and new_card.token_id != card.token_id
    assert new_card.valid_until == card.valid_until and new_card.is_valid()
    result, use2, _c = card_use_record(token=old_printed, merchant=merchant, member=member)
    assert result.status == "suspended" and use2 is None
    assert list(CardUse.objects.filter(card__holder=card.holder)) == [use]  # history kept
    assert Card.objects.get(number=card.number).status == Card.Status.LOST
    with pytest.raises(ValidationError):
        card_services.card_report_lost(card=card, actor=card.holder)


def test_suspend_reinstate_revoke_notify_holder():
    card, staff = bf.issued_card(), factories.StaffFactory()
    card_services.card_suspend(card=card, staff=staff, reason="核查身份")
    assert Notification.objects.filter(recipient=card.holder, event_key__contains=":suspended:").exists()
    card_services.card_reinstate(card=card, staff=staff)
    card.refresh_from_db()
    assert card.is_valid()
    with pytest.raises(ValidationError):
        card_services.card_revoke(card=card, staff=staff, reason="")
    card_services.card_revoke(card=card, staff=staff, reason="冒名申领")
    card.refresh_from_db()
    assert card.status == "revoked" and card.verification_status() == "revoked"
    assert Notification.objects.filter(recipient=card.holder, event_key__contains=":revoked:").exists()


def test_expiry_beat_and_30_day_notice_once():
    from benefits import tasks

    card = bf.issued_card()
    today = timezone.localdate()
    Card.objects.filter(pk=card.pk).update(valid_until=today + datetime.timedelta(days=20))
    assert tasks.notify_expiring_cards.delay().get() == 1
    assert tasks.notify_expiring_cards.delay().get() == 0
    assert (
        Notification.objects.filter(
            recipient=card.holder, event_key=f"benefits:card:{card.pk}:expiring:{today + datetime.timedelta(days=20)}"
        ).count()
        == 1
    )
    Card.objects.filter(pk=card.pk).update(valid_until=today - datetime.timedelta(days=1))
    assert tasks.expire_cards.delay().get() == 1
    card.refresh_from_db()
    assert card.status == "expired" and card.verification_status() == "expired"
    assert tasks.expire_cards.delay().get() == 0


def test_personal_data_export_and_erase():
    from portal.pillars import get_pillar

    card = bf.issued_card()
    data = get_pillar("benefits").personal_data_export(card.holder)
    assert data["cards"][0]["number"] == card.number
    get_pillar("benefits").personal_data_erase(card.holder)
    card.refresh_from_db()
    assert card.holder_name == "" and card.status == "revoked"


def test_veteran_profile_status_is_read_fresh():
    veteran = factories.VeteranFactory()
    VeteranProfile.objects.filter(user=veteran).update(status=VeteranProfile.Status.REJECTED)
    with pytest.raises(ValidationError):
        card_services.card_application_submit(applicant=veteran, photo=bf.photo_upload(), station=bf.station())
