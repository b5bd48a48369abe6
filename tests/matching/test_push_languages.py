"""Pushed notices are kept as message ids with parameters (portal.messages), like every other notice: a reader sees
them in the language they read in, whichever language they had when the push ran, and reference data (the region)
in that language too. The PostgreSQL batch (one INSERT … SELECT) and the Python path store the same messages."""

import pytest
from django.utils import timezone, translation

from jobs.matching import services
from jobs.matching.models import PushRun, WeeklyPick, monday_of
from jobs.models import FairRegistration
from portal.messages import Localized, Message
from tests.matching.factories import make_fair, make_position, make_veteran

pytestmark = pytest.mark.django_db


def _shown(notice, language):
    with translation.override(language):
        return notice.shown_title, notice.shown_body


def _driver(language):
    user = make_veteran(specialties=["M01"], skills=["驾驶"], region_code="350102")
    user.language = language
    user.save(update_fields=["language"])
    return user


def _pushed_to(user, position):
    return user.notifications.get(event_key=services.position_event_key(position.pk))


def test_a_position_push_reads_in_the_readers_language_whatever_it_was_written_in():
    english, chinese = _driver("en"), _driver("zh-hans")
    position = make_position(title="物流车驾驶员", category_code="0101", skills=["驾驶"], region_code="350102")
    services.position_push(position_id=position.pk)
    for user in (english, chinese):
        notice = _pushed_to(user, position)
        assert notice.title_message and notice.body_message  # stored as a message, not only as text
        title_en, body_en = _shown(notice, "en")
        title_zh, body_zh = _shown(notice, "zh-hans")
        assert title_en.startswith("New position for you") and "物流车驾驶员" in title_en
        assert "Gulou" in body_en and "鼓楼" not in body_en, body_en  # the region in English
        assert "鼓楼区" in body_zh and "New position" not in title_zh
    # the plain columns (the e-mail) are in each recipient's language
    assert _pushed_to(english, position).title.startswith("New position for you")
    assert not _pushed_to(chinese, position).title.startswith("New position for you")


@pytest.mark.postgres  # the batch statement is PostgreSQL's
def test_the_batch_sql_and_the_python_path_store_the_same_messages(monkeypatch):
    user = _driver("en")
    position = make_position(title="物流车驾驶员", category_code="0101", skills=["驾驶"], region_code="350102")
    services.position_push(position_id=position.pk)
    stored = _pushed_to(user, position)
    user.notifications.all().delete()
    PushRun.objects.all().delete()
    monkeypatch.setattr(services, "_batch_sql", lambda: False)  # the Python path, on the same database
    services.position_push(position_id=position.pk)
    again = _pushed_to(user, position)
    assert (again.title_message, again.body_message, again.title, again.body) == (
        stored.title_message,
        stored.body_message,
        stored.title,
        stored.body,
    )


def test_fair_reminders_and_weekly_picks_are_messages_too():
    user = _driver("zh-hans")
    fair = make_fair()
    FairRegistration.objects.create(fair=fair, user=user, seat=1)
    services.fair_reminder_send(fair_id=fair.pk)
    reminder = user.notifications.get(event_key=services.fair_event_key(fair.pk))
    assert _shown(reminder, "en")[0].startswith("Reminder:") and not _shown(reminder, "zh-hans")[0].startswith("Re")

    position = make_position(title="仓库管理员")
    WeeklyPick.objects.create(week_start=monday_of(timezone.localdate()), position=position)
    services.weekly_digest_send()
    digest = user.notifications.get(kind=PushRun.Kind.WEEKLY)
    assert _shown(digest, "en")[0].startswith("Weekly picks") and "仓库管理员" in _shown(digest, "en")[1]


def test_a_localized_parameter_survives_storage_and_falls_back_to_the_default_language():
    message = Message("%(region)s", region=Localized({"zh-hans": "鼓楼区", "en": "Gulou District"}))
    restored = Message.from_json(message.to_json())
    with translation.override("en"):
        assert restored.render() == "Gulou District"
    with translation.override("fr"):
        assert restored.render() == "鼓楼区"
    assert Message("%(r)s", r=Localized.of(lambda: translation.get_language())).to_json()["params"]["r"] == {
        "l10n": {"zh-hans": "zh-hans", "en": "en"}
    }
