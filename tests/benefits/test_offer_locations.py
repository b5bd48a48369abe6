"""The merchant's offer form with several locations (an inline formset): add, remove, validation, ownership."""

import pytest
from django.core.exceptions import ValidationError

from benefits import selectors
from benefits.models import Offer, OfferLocation
from benefits.services.merchants import offer_save
from portal.exceptions import AccessDenied
from tests.benefits import factories as bf

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def rid(code: str) -> int:
    return bf.station(code).pk


def offer_post(member, rows, *, initial=0, title="日用品九折", **extra) -> dict:
    """POST data for the offer page: the offer's fields and the locations formset (rows: dicts of a row's fields)."""
    data = {
        "m": member.merchant.pk,
        "industry": member.merchant.industry.pk,
        "title": title,
        "benefit": "凭卡九折",
        "terms": "",
        "valid_from": "2024-01-01",
        "active": "on",
        "locations-TOTAL_FORMS": len(rows),
        "locations-INITIAL_FORMS": initial,
        "locations-MIN_NUM_FORMS": 0,
        "locations-MAX_NUM_FORMS": 20,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"locations-{i}-{key}"] = value
    data.update(extra)
    return data


def row(city="320600", district="", address="人民路1号", **extra) -> dict:
    return {"city": rid(city), "district": rid(district) if district else "", "address": address, **extra}


EMPTY = {"city": "", "district": "", "address": ""}


def rows_shown(page: str) -> int:
    """Location rows on the page (not counting the hidden template the script copies)."""
    return page.split('id="offer-location-template"')[0].count('data-testid="offer-location"')


def test_new_offer_page_shows_empty_rows_with_labels_and_a_remove_checkbox(client):
    member = bf.merchant_member()
    client.force_login(member)
    page = client.get("/benefits/merchant/offers/new/", **EN).content.decode()
    assert 'name="locations-TOTAL_FORMS"' in page and rows_shown(page) == 2
    for i in (0, 1):
        for field in ("city", "district", "address", "DELETE"):
            assert f'for="id_locations-{i}-{field}"' in page and f'id="id_locations-{i}-{field}"' in page
    assert "Remove this location" in page and 'id="offer-location-template"' in page


def test_merchant_creates_an_offer_with_two_locations_and_empty_rows_are_ignored(client):
    member = bf.merchant_member()
    client.force_login(member)
    rows = [row("320600", "320613", "崇川区人民中路1号"), row("350100", "", "福州五一路8号"), EMPTY]
    response = client.post("/benefits/merchant/offers/new/", offer_post(member, rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = Offer.objects.get(title="日用品九折")
    assert sorted((loc.region.code, loc.address) for loc in offer.locations.all()) == [
        ("320613", "崇川区人民中路1号"),
        ("350100", "福州五一路8号"),
    ]
    # Indexed for search, and found by either location's region.
    assert list(selectors.offers_search(Offer.objects.all(), "日用品")) == [offer]
    for code in ("320600", "350100"):
        assert list(selectors.offers_in_region(Offer.objects.all(), code)) == [offer]


def test_edit_adds_and_removes_locations(client):
    member = bf.merchant_member()
    offer = bf.offer(member.merchant)  # one location in 320613
    kept = offer.locations.get()
    client.force_login(member)
    page = client.get(f"/benefits/merchant/offers/{offer.pk}/", **EN).content.decode()
    assert rows_shown(page) == 3 and kept.address in page  # one saved + two empty
    rows = [
        {"id": kept.pk, "offer": offer.pk, **row("320600", "320613", kept.address), "DELETE": "on"},
        {"offer": offer.pk, **row("350100", "350102", "鼓楼区新店")},
        {"offer": offer.pk, **row("320600", "", "南通总店")},
    ]
    response = client.post(f"/benefits/merchant/offers/{offer.pk}/", offer_post(member, rows, initial=1))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(offer.locations.values_list("region__code", "address")) == [
        ("320600", "南通总店"),
        ("350102", "鼓楼区新店"),
    ]
    assert not selectors.offers_in_region(Offer.objects.all(), "320613").exists()


def test_at_least_one_location_is_required(client):
    member = bf.merchant_member()
    offer = bf.offer(member.merchant)
    kept = offer.locations.get()
    client.force_login(member)
    response = client.post("/benefits/merchant/offers/new/", offer_post(member, [EMPTY, EMPTY]), **EN)
    assert response.status_code == 200 and "Add at least one location" in response.content.decode()
    assert not Offer.objects.exclude(pk=offer.pk).exists()
    rows = [{"id": kept.pk, "offer": offer.pk, **row("320600", "320613", kept.address), "DELETE": "on"}, EMPTY]
    response = client.post(f"/benefits/merchant/offers/{offer.pk}/", offer_post(member, rows, initial=1), **EN)
    assert response.status_code == 200 and "Add at least one location" in response.content.decode()
    assert list(offer.locations.all()) == [kept]


def test_location_rows_are_validated_and_nothing_is_saved_on_error(client):
    member = bf.merchant_member()
    client.force_login(member)
    cases = [
        ({"city": rid("320600"), "district": rid("350102"), "address": "x"}, "locations-0-district"),  # wrong city
        ({"city": rid("320000"), "district": "", "address": "x"}, "locations-0-city"),  # a province
        ({"city": "999999999", "district": "", "address": "x"}, "locations-0-city"),
        ({"city": rid("320600"), "district": "", "address": ""}, "locations-0-address"),
        ({"city": "", "district": "", "address": "人民路1号"}, "locations-0-city"),
    ]
    for bad, field in cases:
        response = client.post("/benefits/merchant/offers/new/", offer_post(member, [bad]), **EN)
        assert response.status_code == 200, bad
        assert f'id="id_{field}_errors"' in response.content.decode(), bad
    duplicate = [row(address="人民路1号"), row(address="人民路1号 ")]
    response = client.post("/benefits/merchant/offers/new/", offer_post(member, duplicate), **EN)
    assert "listed twice" in response.content.decode()
    assert not Offer.objects.exists() and not OfferLocation.objects.exists()


def test_offer_field_errors_and_location_errors_show_together(client):
    member = bf.merchant_member()
    client.force_login(member)
    data = offer_post(member, [{"city": "", "district": "", "address": "人民路1号"}], title="")
    page = client.post("/benefits/merchant/offers/new/", data, **EN).content.decode()
    assert 'id="id_title_errors"' in page and 'id="id_locations-0-city_errors"' in page


def test_too_many_rows_are_refused(client):
    member = bf.merchant_member()
    client.force_login(member)
    rows = [row(address=f"人民路{i}号") for i in range(21)]
    response = client.post("/benefits/merchant/offers/new/", offer_post(member, rows), **EN)
    assert response.status_code == 200 and not Offer.objects.exists()


def test_another_merchants_offer_and_locations_are_404_and_untouched(client):
    member = bf.merchant_member()
    mine = bf.offer(member.merchant, title="我的优惠")
    theirs = bf.offer(bf.merchant(), title="别人的优惠")
    their_location = theirs.locations.get()
    client.force_login(member)
    assert client.get(f"/benefits/merchant/offers/{theirs.pk}/").status_code == 404
    rows = [{"id": their_location.pk, "offer": theirs.pk, **row(address="改掉"), "DELETE": "on"}]
    assert (
        client.post(f"/benefits/merchant/offers/{theirs.pk}/", offer_post(member, rows, initial=1)).status_code == 404
    )
    # Smuggling their location's id into my own offer's formset changes nothing of theirs.
    rows = [{"id": their_location.pk, "offer": mine.pk, **row(address="改掉")}]
    response = client.post(f"/benefits/merchant/offers/{mine.pk}/", offer_post(member, rows, initial=1), **EN)
    assert response.status_code == 200 and "Reload the page" in response.content.decode()
    their_location.refresh_from_db()
    theirs.refresh_from_db()
    assert their_location.offer == theirs and their_location.address == "崇川区人民中路1号"
    assert theirs.title == "别人的优惠" and mine.locations.count() == 1


def test_offer_save_service_checks_locations_and_ownership():
    member = bf.merchant_member()
    data = {"industry": member.merchant.industry, "title": "t", "benefit": "b"}
    with pytest.raises(ValidationError) as exc:
        offer_save(merchant=member.merchant, data=data, locations=[])
    assert "locations" in exc.value.message_dict
    with pytest.raises(ValidationError):
        offer_save(merchant=member.merchant, data=data, locations=[{"region": bf.station("320000"), "address": "x"}])
    with pytest.raises(ValidationError):
        offer_save(merchant=member.merchant, data=data, locations=[{"region": bf.station("320600"), "address": " "}])
    assert not Offer.objects.exists()
    theirs = bf.offer(bf.merchant())
    with pytest.raises(AccessDenied):
        offer_save(merchant=member.merchant, data=data, locations=None, offer=theirs)
    offer = offer_save(
        merchant=member.merchant, data=data, locations=[{"region": bf.station("320613"), "address": "a"}]
    )
    offer_save(merchant=member.merchant, data={"title": "t2"}, locations=None, offer=offer)
    assert offer.locations.count() == 1  # None keeps the locations
