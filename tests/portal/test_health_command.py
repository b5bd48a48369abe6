"""`manage.py health` tries the database, cache, broker and storage for real, and fails loudly on a dead one."""

import io
import os

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db(databases="__all__")  # the command checks every configured database


def test_health_passes_on_working_services(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("health", stdout=out)
    text = out.getvalue()
    for name in ("database", "cache", "broker", "storage"):
        assert f"{name}: ok" in text
    assert not any(tmp_path.rglob("*.txt"))  # the storage probe cleans up after itself


@pytest.mark.redis
def test_health_fails_when_the_broker_is_unreachable(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from portal.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    err = io.StringIO()
    try:
        with pytest.raises(CommandError, match="unhealthy: broker"):
            call_command("health", "--skip", "storage", stderr=err, stdout=io.StringIO())
    finally:
        app.conf.broker_url = original
    assert "broker: FAIL" in err.getvalue()


@pytest.mark.redis
def test_health_reaches_the_real_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from portal.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = os.environ["REDIS_URL"]
    try:
        out = io.StringIO()
        call_command("health", "--skip", "storage", stdout=out)
    finally:
        app.conf.broker_url = original
    assert "broker: ok" in out.getvalue()


def test_health_fails_when_storage_cannot_write(settings, tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    settings.MEDIA_ROOT = blocked  # a file where the media folder should be
    with pytest.raises(CommandError, match="storage"):
        call_command("health", "--skip", "broker", stdout=io.StringIO(), stderr=io.StringIO())
