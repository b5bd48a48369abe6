"""The card page's buttons ask the card what the services allow: for every status, they agree."""

import pytest
from django.core.exceptions import ValidationError

from benefits.models import Card
from benefits.services import cards as card_services
from tests import factories
from tests.benefits import factories as bf

pytestmark = pytest.mark.django_db


def _allowed(call) -> bool:
    try:
        call()
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("status", Card.Status.values)
def test_the_card_buttons_match_what_the_services_accept(status):
    staff = factories.StaffFactory()
    cases = [
        ("can_be_suspended", lambda card: card_services.card_suspend(card=card, staff=staff, reason="核查身份")),
        ("can_be_reinstated", lambda card: card_services.card_reinstate(card=card, staff=staff)),
        ("can_be_reported_lost", lambda card: card_services.card_report_lost(card=card, actor=card.holder)),
        ("can_be_revoked", lambda card: card_services.card_revoke(card=card, staff=staff, reason="冒名申领")),
    ]
    for predicate, call in cases:
        card = bf.issued_card(staff=staff)
        Card.objects.filter(pk=card.pk).update(status=status)
        card.refresh_from_db()
        assert _allowed(lambda: call(card)) == getattr(card, predicate)(), f"{predicate} for {status}"
