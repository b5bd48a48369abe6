"""The fair pages ask the model what the services allow: for every status, the predicate a template shows a button
or a QR code by and the service behind it agree."""

import pytest
from django.core.exceptions import ValidationError

from jobs.models import Application, Booth, Position, QueueTicket
from jobs.services.booth_queue import queue_take_number, queue_ticket_finish
from tests.factories import VeteranFactory
from tests.jobs.test_booth_queue import live_booth

pytestmark = pytest.mark.django_db


def _allowed(call) -> bool:
    try:
        call()
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("status", QueueTicket.Status.values)
def test_the_interviewed_button_matches_what_finishing_accepts(status):
    booth, member = live_booth()
    ticket = queue_take_number(booth=booth, user=VeteranFactory())
    QueueTicket.objects.filter(pk=ticket.pk).update(status=status)
    ticket.refresh_from_db()
    shown = ticket.is_called()
    assert _allowed(lambda: queue_ticket_finish(ticket=ticket, actor=member, outcome="done")) == shown


@pytest.mark.parametrize("status", Booth.Status.values)
def test_the_booth_page_shows_the_queue_exactly_when_the_queue_takes_numbers(status):
    booth, _member = live_booth()
    Booth.objects.filter(pk=booth.pk).update(status=status)
    booth.refresh_from_db()
    assert _allowed(lambda: queue_take_number(booth=booth, user=VeteranFactory())) == booth.is_approved()
    assert booth.is_rejected() == (status == Booth.Status.REJECTED)


@pytest.mark.parametrize("status", Application.Status.values)
def test_an_application_is_successful_or_ended_without_a_hire_never_both(status):
    application = Application(status=status)
    S = Application.Status
    assert application.is_successful() == (status in (S.INTENT, S.HIRED))
    assert application.ended_without_hire() == (status in (S.REJECTED, S.WITHDRAWN))
    assert not (application.is_successful() and application.ended_without_hire())


@pytest.mark.parametrize("status", Position.Status.values)
def test_only_a_published_position_can_be_open(status):
    position = Position(status=status, deadline=None)
    assert position.is_published() == (status == Position.Status.PUBLISHED) == position.is_open()
