"""The read replica (portal/replica.py): heavy reads go to it, everything else and every read after a write to the
primary. On PostgreSQL the alias "replica" is a test mirror of the primary: its own connection to the same database,
so the queries each alias ran show where the router sent them (transactional tests: the mirror's connection sees
only committed rows, as a real replica would)."""

import os
import socket
import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import replica
from portal.models import Notification
from tests.factories import StaffFactory, VeteranFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, databases=["default", "replica"])]


@pytest.fixture
def with_replica(settings):
    settings.REPLICA_READS_ENABLED = True
    return settings


def _queries(client_call):
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client_call()
    return response, [q["sql"] for q in on_replica.captured_queries], [q["sql"] for q in on_primary.captured_queries]


def test_the_dashboard_reads_the_replica(client, with_replica):
    client.force_login(StaffFactory())
    response, on_replica, _ = _queries(lambda: client.get(reverse("portal:staff_dashboard")))
    assert response.status_code == 200
    assert any("jobs_" in sql or "portal_veteranprofile" in sql for sql in on_replica), on_replica[:5]


def test_a_public_list_reads_the_replica_and_a_plain_page_the_primary(client, with_replica):
    _, on_replica, _ = _queries(lambda: client.get(reverse("jobs:index")))
    assert any("jobs_position" in sql for sql in on_replica)
    client.force_login(VeteranFactory())
    _, on_replica, on_primary = _queries(lambda: client.get(reverse("portal:notifications")))
    assert not on_replica and any("portal_notification" in sql for sql in on_primary)


def test_a_client_that_just_wrote_reads_the_primary_until_the_pin_expires(client, with_replica):
    user = VeteranFactory()
    Notification.objects.create(recipient=user, event_key="e1", kind="test", title="t")
    client.force_login(user)
    response = client.post(reverse("portal:notification_read"), {"next": "/"})
    assert response.status_code == 302
    assert float(response.cookies[replica.PIN_COOKIE].value) > time.time()
    assert Notification.objects.get(recipient=user).read_at is not None

    _, on_replica, on_primary = _queries(lambda: client.get(reverse("training:index")))
    assert not on_replica and on_primary  # pinned: every read sees its own write

    client.cookies[replica.PIN_COOKIE] = str(time.time() - 1)  # the few seconds have passed
    _, on_replica, _ = _queries(lambda: client.get(reverse("training:index")))
    assert any("training_" in sql for sql in on_replica)


def test_a_write_inside_a_heavy_read_pins_the_rest_of_it_to_the_primary(with_replica):
    replica.start()
    user = VeteranFactory()  # a write
    with replica.heavy_reads(), CaptureQueriesContext(connections["replica"]) as on_replica:
        assert Notification.objects.filter(recipient=user).count() == 0
    assert not on_replica.captured_queries
    replica.start()  # a new request
    with replica.heavy_reads(), CaptureQueriesContext(connections["replica"]) as on_replica:
        Notification.objects.filter(recipient=user).count()
    assert len(on_replica.captured_queries) == 1


def test_audit_and_session_writes_do_not_pin(with_replica):
    from portal.models import AuditLog

    replica.start()
    AuditLog.objects.create(action=AuditLog.Action.EXPORT, detail={})
    assert not replica.wrote()


def test_without_a_replica_everything_reads_the_primary(client, settings):
    settings.REPLICA_READS_ENABLED = False
    client.force_login(StaffFactory())
    _, on_replica, on_primary = _queries(lambda: client.get(reverse("portal:staff_dashboard")))
    assert not on_replica and on_primary


def test_the_replica_is_never_migrated_on_its_own():
    router = replica.PrimaryReplicaRouter()
    assert router.allow_migrate("replica", "portal") is False
    assert router.allow_migrate("default", "portal") is True


def test_each_task_starts_unpinned(with_replica):
    from portal.celery import _fresh_replica_routing

    VeteranFactory()
    assert replica.wrote()
    _fresh_replica_routing()
    assert not replica.wrote()


@pytest.fixture
def replica_back_afterwards():
    yield
    replica._down_until = 0.0
    connections["replica"].close()


def test_an_unreachable_replica_sends_the_heavy_reads_to_the_primary(client, with_replica, replica_back_afterwards):
    mirror = connections["replica"]
    mirror.close()
    port = mirror.settings_dict["PORT"]
    mirror.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        client.force_login(StaffFactory())
        with CaptureQueriesContext(connections["default"]) as on_primary:  # (capturing the replica would connect)
            response = client.get(reverse("portal:staff_dashboard"))
    finally:
        mirror.settings_dict["PORT"] = port
    on_primary = [q["sql"] for q in on_primary.captured_queries]
    assert response.status_code == 200
    assert any("portal_veteranprofile" in sql or "jobs_" in sql for sql in on_primary)
    assert replica._down_until > time.monotonic()  # not tried again on every query


def test_a_replica_lost_mid_request_is_retried_on_the_primary(client, with_replica, replica_back_afterwards):
    client.force_login(StaffFactory())
    mirror = connections["replica"]
    mirror.ensure_connection()
    # The replica goes away under a live connection: its socket is cut. (Not pg_terminate_backend: behind a
    # transaction pooler the replica alias's backend is a pooled one the primary alias may be using next.)
    with socket.socket(fileno=os.dup(mirror.connection.pgconn.socket)) as cut:
        cut.shutdown(socket.SHUT_RDWR)
    response, _, on_primary = _queries(lambda: client.get(reverse("portal:staff_dashboard")))
    assert response.status_code == 200
    assert any("portal_veteranprofile" in sql or "jobs_" in sql for sql in on_primary)
    assert replica._down_until > time.monotonic()  # the replica was tried, failed, and is rested


def test_the_replica_is_tried_again_after_the_retry_interval(with_replica, replica_back_afterwards):
    replica._down_until = time.monotonic() - 1
    replica.start()
    with replica.heavy_reads(), CaptureQueriesContext(connections["replica"]) as on_replica:
        Notification.objects.count()
    assert len(on_replica.captured_queries) == 1
