"""The edit page offers "withdraw" exactly when the service withdraws the article, for every status."""

import pytest
from django.core.exceptions import ValidationError

from portal.news import services
from portal.news.models import Article
from tests.factories import StaffFactory
from tests.news.test_news import _draft

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", Article.Status.values)
def test_the_withdraw_form_matches_what_withdrawing_accepts(status):
    article = _draft()
    Article.objects.filter(pk=article.pk).update(status=status)
    article.refresh_from_db()
    try:
        services.article_withdraw(article=article, staff_user=StaffFactory(), reason="政策已废止")
        allowed = True
    except ValidationError:
        allowed = False
    assert allowed == article.can_be_withdrawn()
    assert article.is_scheduled() == (status == Article.Status.SCHEDULED)
