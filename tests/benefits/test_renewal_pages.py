"""Renewal on the pages and in the API: the holder asks, staff decide or renew, acting for a veteran; refusals."""

import pytest

from benefits import tokens
from benefits.models import Card, CardRenewal
from benefits.services import cards as card_services
from benefits.services import renewals as renewal_services
from portal.models import AuditLog
from tests import factories
from tests.benefits import factories as bf

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_holder_sees_the_button_in_the_window_and_requests_renewal(client):
    card = bf.expiring_in(bf.issued_card(), 30)
    client.force_login(card.holder)
    page = client.get("/benefits/card/", **EN).content.decode()
    assert 'data-testid="renewal-request"' in page
    assert client.get("/benefits/card/renew/").status_code == 405  # a GET changes nothing
    assert not CardRenewal.objects.exists()
    response = client.post("/benefits/card/renew/", **EN)
    assert response.status_code == 302 and response["Location"] == "/benefits/card/"
    renewal = CardRenewal.objects.get()
    assert renewal.card == card and renewal.is_pending()
    page = client.get("/benefits/card/", **EN).content.decode()
    assert 'data-testid="renewal-status"' in page and 'data-testid="renewal-request"' not in page


def test_holder_duplicate_and_too_early_requests_show_a_message(client):
    card = bf.issued_card()
    client.force_login(card.holder)
    page = client.get("/benefits/card/", **EN).content.decode()
    assert 'data-testid="renewal-request"' not in page and "too early" in page
    response = client.post("/benefits/card/renew/", follow=True, **EN)
    assert "too early" in response.content.decode() and not CardRenewal.objects.exists()
    bf.expiring_in(card, 10)
    client.post("/benefits/card/renew/", **EN)
    again = client.post("/benefits/card/renew/", follow=True, **EN).content.decode()
    assert "already asked" in again and CardRenewal.objects.count() == 1


def test_holder_without_a_card_gets_404_and_the_page_is_in_chinese(client):
    client.force_login(factories.VeteranFactory())
    assert client.post("/benefits/card/renew/").status_code == 404
    card = bf.expiring_in(bf.issued_card(), 30)
    client.force_login(card.holder)
    page = client.get("/benefits/card/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "申请续期" in page


def test_expired_card_is_shown_with_renewal_and_apply_page_points_to_it(client):
    card = bf.expiring_in(bf.issued_card(), -3)
    card_services.cards_expire()
    client.force_login(card.holder)
    page = client.get("/benefits/card/", **EN)
    assert page.status_code == 200 and 'data-testid="renewal-request"' in page.content.decode()
    assert 'data-testid="expired-card"' in client.get("/benefits/apply/", **EN).content.decode()
    assert client.get("/benefits/card/code/").status_code == 409  # no QR for an expired card
    client.post("/benefits/card/renew/")
    renewal_services.card_renewal_approve(renewal=CardRenewal.objects.get(), staff=factories.StaffFactory())
    page = client.get("/benefits/card/", **EN).content.decode()
    assert 'data-testid="renewal-history"' in page
    assert client.get("/benefits/card/code/").status_code == 200


def test_staff_approve_and_reject_on_the_card_page(client):
    card = bf.expiring_in(bf.issued_card(), 10)
    other = bf.expiring_in(bf.issued_card(), 10)
    for c in (card, other):
        renewal_services.card_renewal_request(card=c, holder=c.holder)
    staff = factories.StaffFactory()
    client.force_login(staff)
    queue = client.get("/benefits/staff/renewals/", **EN).content.decode()
    assert f"/benefits/staff/cards/{card.pk}/" in queue and f"/benefits/staff/cards/{other.pk}/" in queue
    page = client.get(f"/benefits/staff/cards/{card.pk}/", **EN).content.decode()
    assert 'data-testid="renewal-pending"' in page and 'value="renewal_reject"' in page
    assert client.post(f"/benefits/staff/cards/{card.pk}/", {"action": "renew"}).status_code == 302
    card.refresh_from_db()
    assert card.valid_until.year >= card.valid_from.year + 5
    assert card.renewals.get().status == CardRenewal.Status.APPROVED

    no_reason = client.post(f"/benefits/staff/cards/{other.pk}/", {"action": "renewal_reject", "reason": ""}, **EN)
    assert no_reason.status_code == 200 and "reason" in no_reason.context["form"].errors
    client.post(f"/benefits/staff/cards/{other.pk}/", {"action": "renewal_reject", "reason": "资格待核实"})
    assert other.renewals.get().status == CardRenewal.Status.REJECTED
    assert f"/benefits/staff/cards/{other.pk}/" not in client.get("/benefits/staff/renewals/").content.decode()
    nothing = client.post(f"/benefits/staff/cards/{other.pk}/", {"action": "renewal_reject", "reason": "x"}, **EN)
    assert nothing.status_code == 200 and "no renewal request" in nothing.content.decode()


def test_staff_renew_at_once_and_refusal_is_a_form_error(client):
    staff = factories.StaffFactory()
    client.force_login(staff)
    early = bf.issued_card()
    response = client.post(f"/benefits/staff/cards/{early.pk}/", {"action": "renew"}, **EN)
    assert response.status_code == 200 and "too early" in response.content.decode()
    assert not CardRenewal.objects.exists()
    card = bf.expiring_in(bf.issued_card(), -10, status=Card.Status.EXPIRED)
    page = client.get(f"/benefits/staff/cards/{card.pk}/", **EN).content.decode()
    assert 'value="renew"' in page
    client.post(f"/benefits/staff/cards/{card.pk}/", {"action": "renew"})
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE and card.renewals.get().requested_by == staff
    history = client.get(f"/benefits/staff/cards/{card.pk}/", **EN).content.decode()
    assert 'data-testid="renewal-history"' in history and staff.username in history


def test_renewal_pages_refuse_non_staff(client):
    card = bf.expiring_in(bf.issued_card(), 10)
    renewal_services.card_renewal_request(card=card, holder=card.holder)
    client.force_login(card.holder)
    assert client.get("/benefits/staff/renewals/").status_code == 403
    assert client.post(f"/benefits/staff/cards/{card.pk}/", {"action": "renew"}).status_code == 403
    client.force_login(bf.merchant_member())
    assert client.post(f"/benefits/staff/cards/{card.pk}/", {"action": "renew"}).status_code == 403
    assert client.post("/benefits/staff/act/card-renew/").status_code == 403
    client.logout()
    assert client.get("/benefits/staff/renewals/").status_code == 302
    assert CardRenewal.objects.get().is_pending()


def _start(client, staff, veteran):
    client.force_login(staff)
    assert client.post(f"/staff/act/{veteran.pk}/start/").status_code == 302


def test_staff_renew_acting_for_the_veteran_is_recorded(client):
    staff = factories.StaffFactory()
    card = bf.expiring_in(bf.issued_card(), 15)
    printed = tokens.printed_token(card.token_id)
    _start(client, staff, card.holder)
    assert "/benefits/staff/act/card-renew/" in client.get("/staff/act/current/").content.decode()
    assert client.get("/benefits/staff/act/card-renew/").status_code == 200
    response = client.post("/benefits/staff/act/card-renew/")
    assert response.status_code == 302 and response["Location"] == "/staff/act/current/"
    card.refresh_from_db()
    assert card.valid_until.year >= card.valid_from.year + 5 and tokens.printed_token(card.token_id) == printed
    entry = AuditLog.objects.get(detail__event="benefits.card_renew")
    assert entry.actor == staff and entry.on_behalf_of == card.holder and entry.action == AuditLog.Action.ACT_FOR
    assert entry.detail["renewal"] == CardRenewal.objects.get().pk
    assert entry.detail["valid_until"] == card.valid_until.isoformat()
    # Renewed just now: a second renewal is too early, shown as an error, not a 500.
    again = client.post("/benefits/staff/act/card-renew/", **EN)
    assert again.status_code == 400 and "too early" in again.content.decode()
    assert CardRenewal.objects.count() == 1


# --- API ----------------------------------------------------------------------------------------------------------


def test_api_renew_own_card_creates_a_request(api_client):
    card = bf.expiring_in(bf.issued_card(), 20)
    api_client.force_authenticate(card.holder)
    response = api_client.post(f"/api/v1/cards/{card.pk}/renew/")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["card"] == card.pk
    again = api_client.post(f"/api/v1/cards/{card.pk}/renew/", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400 and "already asked" in str(again.json()["detail"])


def test_api_renew_another_holders_card_is_404_and_refusals_are_400(api_client):
    mine, theirs = bf.expiring_in(bf.issued_card(), 20), bf.expiring_in(bf.issued_card(), 20)
    api_client.force_authenticate(mine.holder)
    assert api_client.post(f"/api/v1/cards/{theirs.pk}/renew/").status_code == 404
    assert api_client.get(f"/api/v1/cards/{mine.pk}/renew/").status_code == 405
    early = bf.issued_card(holder=factories.VeteranFactory())
    api_client.force_authenticate(early.holder)
    response = api_client.post(f"/api/v1/cards/{early.pk}/renew/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "too early" in str(response.json()["detail"])
    api_client.force_authenticate(None)
    assert api_client.post(f"/api/v1/cards/{mine.pk}/renew/").status_code in (401, 403)
    assert not CardRenewal.objects.exists()


def test_api_renew_is_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    assert "/api/v1/cards/{id}/renew/" in schema
