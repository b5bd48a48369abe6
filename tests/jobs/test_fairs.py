"""Job fairs: booths and numbering, registration rules and capacity under concurrency, QR check-in, intents."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from jobs.models import Application, Booth, FairRegistration, JobFair
from jobs.selectors import fair_stats
from jobs.services import tickets as ticket_services
from jobs.services.booths import booth_apply, booth_approve
from jobs.services.fair_registrations import fair_check_in, fair_register
from jobs.services.intents import intent_record
from jobs.services.tickets import check_in_token
from portal.exceptions import AccessDenied
from tests.factories import OrgMemberFactory, UserFactory, VeteranFactory
from tests.jobs.factories import BoothFactory, JobFairFactory, PositionFactory


@pytest.fixture
def fair(db):
    # Starting in half an hour: registration is still open and check-in already is (FAIR_CHECKIN_EARLY_MINUTES).
    return JobFairFactory(capacity=2, booth_count=2, starts_at=timezone.now() + datetime.timedelta(minutes=30))


@pytest.mark.django_db
def test_registration_refuses_twice_over_capacity_and_after_window(fair, veteran):
    fair_register(fair=fair, user=veteran)
    with pytest.raises(ValidationError, match="already registered"):
        fair_register(fair=fair, user=veteran)
    fair_register(fair=fair, user=VeteranFactory())
    with pytest.raises(ValidationError, match="full"):
        fair_register(fair=fair, user=VeteranFactory())
    closed = JobFairFactory(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1),
        registration_opens_at=timezone.now() - datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError, match="closed"):
        fair_register(fair=closed, user=veteran)
    with pytest.raises(ValidationError, match="Only veterans"):
        fair_register(fair=JobFairFactory(), user=UserFactory())


@pytest.mark.django_db
def test_booth_numbers_never_exceed_booth_count(fair, staff_user):
    booths = [BoothFactory(fair=fair) for _ in range(3)]
    assert booth_approve(booth=booths[0], staff=staff_user).number == 1
    assert booth_approve(booth=booths[1], staff=staff_user).number == 2
    with pytest.raises(ValidationError, match="All 2 booths"):
        booth_approve(booth=booths[2], staff=staff_user)
    assert Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED).count() == 2


@pytest.mark.django_db
def test_booth_apply_only_with_own_published_positions(fair, employer_member):
    other = PositionFactory()
    with pytest.raises(ValidationError) as exc:
        booth_apply(fair=fair, organization=employer_member.organization, user=employer_member, positions=[other])
    assert "positions" in exc.value.message_dict
    own = PositionFactory(organization=employer_member.organization)
    booth_apply(fair=fair, organization=employer_member.organization, user=employer_member, positions=[own])
    with pytest.raises(ValidationError, match="already applied"):
        booth_apply(fair=fair, organization=employer_member.organization, user=employer_member, positions=[own])


@pytest.mark.django_db
def test_check_in_with_token_then_already_checked_in(fair, veteran, staff_user):
    registration = fair_register(fair=fair, user=veteran)
    token = check_in_token(registration)
    assert veteran.username not in token and str(veteran.pk) not in token.split(".")[1:]
    registration, already = fair_check_in(fair=fair, token=token, actor=staff_user)
    assert registration.checked_in_at and not already
    _registration, already = fair_check_in(fair=fair, token=token, actor=staff_user)
    assert already


@pytest.mark.django_db
def test_forged_expired_and_foreign_tokens_are_refused(fair, veteran, staff_user, monkeypatch):
    registration = fair_register(fair=fair, user=veteran)
    token = check_in_token(registration)
    reg_id, expires, signature = token.split(".")
    forged = f"{int(reg_id) + 1}.{expires}.{signature}"
    for bad in (forged, token[:-1] + ("0" if token[-1] != "0" else "1"), "hello", ""):
        with pytest.raises(ValidationError, match="not valid"):
            fair_check_in(fair=fair, token=bad, actor=staff_user)
    other_fair = JobFairFactory()
    with pytest.raises(ValidationError, match="another fair"):
        fair_check_in(fair=other_fair, token=token, actor=staff_user)
    monkeypatch.setattr(ticket_services.time, "time", lambda: fair.ends_at.timestamp() + 7 * 3600)
    with pytest.raises(ValidationError, match="expired"):
        fair_check_in(fair=fair, token=token, actor=staff_user)


@pytest.mark.django_db
def test_only_staff_or_booth_employers_check_in(fair, veteran):
    token = check_in_token(fair_register(fair=fair, user=veteran))
    with pytest.raises(AccessDenied, match="Only staff"):
        fair_check_in(fair=fair, token=token, actor=OrgMemberFactory(org_type="employer"))
    with pytest.raises(AccessDenied, match="Only staff"):
        fair_check_in(fair=fair, token=token, actor=veteran)


@pytest.mark.django_db
def test_intent_creates_or_advances_application_and_counts_in_stats(fair, veteran, employer_member, staff_user):
    position = PositionFactory(organization=employer_member.organization, headcount=5)
    booth = booth_apply(
        fair=fair, organization=employer_member.organization, user=employer_member, positions=[position]
    )
    booth_approve(booth=booth, staff=staff_user)
    registration = fair_register(fair=fair, user=veteran)
    with pytest.raises(ValidationError, match="not checked in"):
        intent_record(
            booth=booth, registration=registration, position=position, actor=employer_member, share_consent=True
        )
    fair_check_in(fair=fair, token=check_in_token(registration), actor=employer_member)
    registration.refresh_from_db()
    stranger = OrgMemberFactory(org_type="employer")
    with pytest.raises(AccessDenied, match="another employer"):
        intent_record(booth=booth, registration=registration, position=position, actor=stranger, share_consent=True)
    intent = intent_record(
        booth=booth, registration=registration, position=position, actor=employer_member, share_consent=True
    )
    assert intent.application.status == Application.Status.INTENT
    assert intent.application.source == Application.Source.FAIR
    with pytest.raises(ValidationError, match="already recorded"):
        intent_record(
            booth=booth, registration=registration, position=position, actor=employer_member, share_consent=True
        )
    stats = fair_stats(fair)
    assert stats == {
        "employers": 1,
        "positions": 1,
        "headcount": 5,
        "registered": 1,
        "checked_in": 1,
        "applications": 1,
        "intents": 1,
        "hires": 0,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_registrations_fill_exactly_ten_places():
    fair = JobFairFactory(capacity=10)
    veterans = [VeteranFactory() for _ in range(50)]
    barrier = threading.Barrier(50)
    outcomes = []

    def register(user):
        try:
            barrier.wait()
            fair_register(fair=JobFair.objects.get(pk=fair.pk), user=user)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(v,)) for v in veterans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 10
    assert len(outcomes) == 50
    assert FairRegistration.objects.filter(fair=fair).count() == 10
    assert sorted(FairRegistration.objects.filter(fair=fair).values_list("seat", flat=True)) == list(range(1, 11))
