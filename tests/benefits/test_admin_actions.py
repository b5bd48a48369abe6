"""The benefits admin goes through the services: withdrawal of merchants and offers is recorded and told, card
decisions ask for their reason, and a card's status cannot be typed into the change form."""

import re

import pytest
from django.core.exceptions import ValidationError

from benefits.models import Card, CardApplication
from benefits.services import cards as card_services
from benefits.services.merchants import merchant_withdraw, offer_withdraw
from portal.exceptions import AccessDenied
from portal.models import AuditLog, Notification
from tests import factories
from tests.benefits import factories as bf

pytestmark = pytest.mark.django_db


def test_offer_withdrawal_is_a_recorded_service_that_tells_the_merchant():
    merchant = bf.merchant()
    member = bf.merchant_member(merchant)
    offer = bf.offer(merchant)
    staff = factories.StaffFactory()
    with pytest.raises(ValidationError):
        offer_withdraw(offer=offer, staff=staff, reason=" ")
    offer_withdraw(offer=offer, staff=staff, reason="优惠内容与实际不符")
    offer.refresh_from_db()
    assert not offer.active
    entry = AuditLog.objects.get(target_type="benefits.Offer", target_id=str(offer.pk))
    assert entry.actor == staff and entry.detail == {"what": "offer_withdraw", "reason": "优惠内容与实际不符"}
    assert Notification.objects.filter(recipient=member, body="优惠内容与实际不符").exists()
    with pytest.raises(ValidationError):
        offer_withdraw(offer=offer, staff=staff, reason="again")


def test_only_staff_withdraw_a_merchant():
    merchant = bf.merchant()
    with pytest.raises(AccessDenied):
        merchant_withdraw(merchant=merchant, staff=bf.merchant_member(merchant), reason="自己退出")
    merchant.refresh_from_db()
    assert merchant.active


def test_admin_merchant_removal_asks_for_the_reason_and_is_audited(client):
    merchant = bf.merchant()
    staff = factories.StaffFactory()
    client.force_login(staff)
    url = "/admin/benefits/merchant/"
    asked = client.post(url, {"action": "deactivate", "_selected_action": [merchant.pk]})
    assert asked.status_code == 200
    merchant.refresh_from_db()
    assert merchant.active  # nothing happens before the reason is given
    client.post(url, {"action": "deactivate", "_selected_action": [merchant.pk], "apply": "1", "reason": "多次投诉"})
    merchant.refresh_from_db()
    assert not merchant.active
    assert AuditLog.objects.filter(target_type="benefits.Merchant", target_id=str(merchant.pk), actor=staff).exists()


def test_admin_offer_withdrawal_goes_through_the_service(client):
    offer = bf.offer(bf.merchant())
    client.force_login(factories.StaffFactory())
    client.post(
        "/admin/benefits/offer/",
        {"action": "withdraw", "_selected_action": [offer.pk], "apply": "1", "reason": "已过期"},
    )
    offer.refresh_from_db()
    assert not offer.active
    assert AuditLog.objects.filter(target_type="benefits.Offer", target_id=str(offer.pk)).exists()


def test_admin_card_application_rejection_records_the_reason_and_tells_the_applicant(client):
    veteran = factories.VeteranFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    client.force_login(factories.StaffFactory())
    client.post(
        "/admin/benefits/cardapplication/",
        {"action": "reject", "_selected_action": [application.pk], "apply": "1", "reason": "照片不清晰"},
    )
    application.refresh_from_db()
    assert application.status == CardApplication.Status.REJECTED and application.status_reason == "照片不清晰"
    assert Notification.objects.filter(recipient=veteran, body="照片不清晰").exists()


def test_admin_card_suspension_asks_for_the_reason_and_the_status_field_is_read_only(client):
    card = bf.issued_card()
    client.force_login(factories.StaffFactory())
    page = client.get(f"/admin/benefits/card/{card.pk}/change/")
    assert page.status_code == 200 and "status" not in page.context["adminform"].form.fields
    client.post(
        "/admin/benefits/card/",
        {"action": "suspend", "_selected_action": [card.pk], "apply": "1", "reason": "持卡人申请暂停"},
    )
    card.refresh_from_db()
    assert card.status == Card.Status.SUSPENDED and card.status_reason == "持卡人申请暂停"


def test_admin_shows_photos_only_through_their_permission_checked_views(client):
    """No /media/ route serves personal files, so the admin must not link one: it links the private views."""
    card = bf.issued_card()
    staff = factories.StaffFactory()
    client.force_login(staff)
    for url in (
        f"/admin/benefits/card/{card.pk}/change/",
        f"/admin/benefits/cardapplication/{card.application_id}/change/",
    ):
        page = client.get(url).content.decode()
        assert "/media/" not in page
        assert "photo" not in client.get(url).context["adminform"].form.fields
    card_page = client.get(f"/admin/benefits/card/{card.pk}/change/").content.decode()
    link = re.search(r'href="(/benefits/photo/[^"]+)"', card_page).group(1)
    assert client.get(link).status_code == 200
    application_page = client.get(f"/admin/benefits/cardapplication/{card.application_id}/change/").content.decode()
    assert f"/benefits/staff/applications/{card.application_id}/photo/" in application_page
    client.force_login(factories.VeteranFactory())  # the same link, to someone else: nothing
    assert client.get(link).status_code == 404
