"""A booth's on-site interview queue: numbers in order (one open per person), the booth calls, finishes and skips,
the veteran sees how many are ahead; refusals for the wrong people and times."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.models import Booth, QueueTicket
from jobs.services.booth_queue import (
    ahead_of,
    queue_call_next,
    queue_take_number,
    queue_ticket_finish,
    queue_ticket_leave,
)
from jobs.services.scan_links import booth_scan_token
from portal.exceptions import AccessDenied
from portal.models import Notification
from tests.factories import OrgMemberFactory, VeteranFactory
from tests.jobs.factories import BoothFactory, JobFairFactory

pytestmark = pytest.mark.django_db


def live_booth():
    now = timezone.now()
    fair = JobFairFactory(starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=5))
    member = OrgMemberFactory(org_type="employer")
    booth = BoothFactory(fair=fair, organization=member.organization, status=Booth.Status.APPROVED, number=7)
    return booth, member


def test_numbers_are_given_in_order_and_taking_again_returns_the_same_one():
    booth, _member = live_booth()
    first, second = VeteranFactory(), VeteranFactory()
    a = queue_take_number(booth=booth, user=first, scan_link=booth_scan_token(booth))
    b = queue_take_number(booth=booth, user=second)
    assert (a.number, b.number) == (1, 2)
    assert a.source == QueueTicket.Source.SCAN and b.source == QueueTicket.Source.PAGE
    assert queue_take_number(booth=booth, user=first).pk == a.pk
    assert ahead_of(b) == 1 and ahead_of(a) == 0


def test_a_forged_scan_token_only_means_the_page():
    booth, _member = live_booth()
    ticket = queue_take_number(booth=booth, user=VeteranFactory(), scan_link="forged:token")
    assert ticket.source == QueueTicket.Source.PAGE


def test_call_next_done_skip_and_leave():
    booth, member = live_booth()
    veterans = [VeteranFactory() for _ in range(3)]
    tickets = [queue_take_number(booth=booth, user=v) for v in veterans]
    called = queue_call_next(booth=booth, actor=member)
    assert called.pk == tickets[0].pk and called.status == QueueTicket.Status.CALLED
    assert Notification.objects.filter(recipient=veterans[0], kind="jobs_fair").exists()
    tickets[2].refresh_from_db()
    assert ahead_of(tickets[2]) == 1
    with pytest.raises(ValidationError, match="Call this number"):
        queue_ticket_finish(ticket=tickets[1], actor=member, outcome="done")
    queue_ticket_finish(ticket=called, actor=member, outcome="done")
    queue_ticket_finish(ticket=tickets[1], actor=member, outcome="skipped")
    queue_ticket_leave(ticket=tickets[2], user=veterans[2])
    with pytest.raises(ValidationError, match="Nobody is waiting"):
        queue_call_next(booth=booth, actor=member)
    # after leaving, a person may queue again and gets a new number
    assert queue_take_number(booth=booth, user=veterans[2]).number == 4


def test_refusals():
    booth, member = live_booth()
    ticket = queue_take_number(booth=booth, user=VeteranFactory())
    with pytest.raises(AccessDenied):
        queue_call_next(booth=booth, actor=OrgMemberFactory(org_type="employer"))
    with pytest.raises(AccessDenied):
        queue_ticket_leave(ticket=ticket, user=VeteranFactory())
    with pytest.raises(ValidationError, match="member of this booth"):
        queue_take_number(booth=booth, user=member)
    with pytest.raises(ValidationError, match="Only veterans"):
        queue_take_number(booth=booth, user=OrgMemberFactory(org_type="employer"))
    with pytest.raises(ValidationError, match="interviewed or skipped"):
        queue_ticket_finish(ticket=ticket, actor=member, outcome="hired")
    future = BoothFactory(fair=JobFairFactory(), status=Booth.Status.APPROVED, number=1)
    with pytest.raises(ValidationError, match="while the fair is on"):
        queue_take_number(booth=future, user=VeteranFactory())


def test_pages_take_a_number_follow_it_and_run_the_queue(client):
    booth, member = live_booth()
    veteran = VeteranFactory()
    client.force_login(veteran)
    page = client.get(f"/jobs/fairs/{booth.fair_id}/booths/{booth.pk}/?scan={booth_scan_token(booth)}")
    assert b"take-number" in page.content
    response = client.post(f"/jobs/fairs/{booth.fair_id}/booths/{booth.pk}/queue/take/", {"scan": "x"})
    ticket = QueueTicket.objects.get(user=veteran)
    assert response.status_code == 302 and response["Location"] == f"/jobs/queue/{ticket.pk}/"
    assert client.get(f"/jobs/queue/{ticket.pk}/status/").json() == {
        "number": 1,
        "status": "waiting",
        "status_label": "等候中",  # the page's language
        "ahead": 0,
    }
    client.force_login(member)
    assert client.get(f"/jobs/queue/{ticket.pk}/status/").status_code == 404  # another's number
    manage = client.get(f"/jobs/fairs/{booth.fair_id}/booths/{booth.pk}/queue/")
    assert manage.status_code == 200 and b"queue-ticket" in manage.content
    client.post(f"/jobs/fairs/{booth.fair_id}/booths/{booth.pk}/queue/next/")
    ticket.refresh_from_db()
    assert ticket.status == QueueTicket.Status.CALLED
    client.post(f"/jobs/queue/{ticket.pk}/done/")
    ticket.refresh_from_db()
    assert ticket.status == QueueTicket.Status.DONE
    client.force_login(VeteranFactory())
    assert client.get(f"/jobs/fairs/{booth.fair_id}/booths/{booth.pk}/queue/").status_code == 404
