"""The request page asks the request what the services allow: for every status, the book, outcome and rating
forms are shown exactly when the services accept them."""

import pytest
from django.core.exceptions import ValidationError

from portal.counsel import services
from portal.counsel.models import CounselRequest
from tests.counsel.helpers import case

pytestmark = pytest.mark.django_db


def _allowed(call) -> bool:
    try:
        call()
    except ValidationError:
        return False
    return True


def _at(request, status, **fields):
    CounselRequest.objects.filter(pk=request.pk).update(status=status, **fields)
    request.refresh_from_db()
    return request


@pytest.mark.parametrize("status", CounselRequest.Status.values)
def test_the_booking_form_matches_what_booking_accepts(status):
    request, veteran, _staff, _provider, slot = case()
    request = _at(request, status)
    shown = request.can_be_booked()
    assert _allowed(lambda: services.request_book(request=request, user=veteran, slot=slot)) == shown


@pytest.mark.parametrize("status", CounselRequest.Status.values)
def test_the_outcome_form_matches_what_recording_accepts(status):
    request, _veteran, _staff, provider, _slot = case()
    request = _at(request, status)
    shown = not request.is_closed()
    record = lambda: services.note_add(request=request, user=provider.user, text="已调解", shareable=True)  # noqa: E731
    assert _allowed(record) == shown


@pytest.mark.parametrize("rating", [None, 4])
@pytest.mark.parametrize("status", CounselRequest.Status.values)
def test_the_rating_form_matches_what_rating_accepts(status, rating):
    request, veteran, _staff, _provider, _slot = case()
    request = _at(request, status, rating=rating)
    assert _allowed(lambda: services.request_rate(request=request, user=veteran, rating=5)) == request.can_be_rated()
