"""National ID numbers: encrypted at rest, masked everywhere, unmasked only with a permission and an audit entry."""

import json
import logging

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from portal.models import AuditLog, VeteranProfile
from tests.factories import StaffFactory, VeteranFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_id(veteran):
    return veteran.veteran_profile.get_id_number()


def test_database_holds_no_id_number_in_clear(veteran, full_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM portal_veteranprofile")
        rows = cursor.fetchall()
    dump = json.dumps(rows, default=str)
    assert full_id not in dump
    assert full_id[:10] not in dump  # not even the region + birth date part
    assert veteran.veteran_profile.masked_id_number in ("", veteran.veteran_profile.masked_id_number)
    assert VeteranProfile.objects.with_id_number(full_id).get() == veteran.veteran_profile


def test_masked_format(veteran, full_id):
    masked = veteran.veteran_profile.masked_id_number
    assert masked == full_id[:4] + "*" * 10 + full_id[-4:]


def test_profile_page_and_api_show_only_masked(client, veteran, full_id):
    client.force_login(veteran)
    for url in ["/me/", "/me/edit/identity/", "/api/v1/me/"]:
        body = client.get(url).content.decode()
        assert full_id not in body, url
        assert veteran.veteran_profile.masked_id_number in body, url


def test_staff_without_permission_never_sees_full_id_in_admin(client, veteran, full_id):
    staff = StaffFactory(is_superuser=False)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_veteranprofile", "change_veteranprofile"])
    )
    client.force_login(staff)
    pk = veteran.veteran_profile.pk
    for url in ["/admin/portal/veteranprofile/", f"/admin/portal/veteranprofile/{pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert full_id not in response.content.decode(), url
    response = client.post(f"/admin/portal/veteranprofile/{pk}/reveal/")
    assert response.status_code == 403
    assert full_id not in response.content.decode()
    assert not AuditLog.objects.filter(action=AuditLog.Action.UNMASK).exists()


def test_permitted_staff_reveal_is_audited(client, veteran, full_id):
    staff = StaffFactory(is_superuser=False)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_veteranprofile", "change_veteranprofile", "view_full_id_number"])
    )
    client.force_login(staff)
    pk = veteran.veteran_profile.pk
    # GET only asks; nothing is shown or logged yet
    response = client.get(f"/admin/portal/veteranprofile/{pk}/reveal/")
    assert full_id not in response.content.decode()
    assert not AuditLog.objects.filter(action=AuditLog.Action.UNMASK).exists()  # the grant itself is logged
    response = client.post(f"/admin/portal/veteranprofile/{pk}/reveal/")
    assert full_id in response.content.decode()
    entry = AuditLog.objects.get(action=AuditLog.Action.UNMASK)
    assert entry.actor == staff and entry.target_id == str(pk) and entry.on_behalf_of == veteran


def test_id_number_not_in_logs(client, caplog, full_id):
    user = VeteranFactory.build()
    user.save()
    client.force_login(user)
    from tests.portal.helpers import post_profile

    with caplog.at_level(logging.DEBUG):
        post_profile(client, id_number=full_id)  # duplicate → refused, logged as 400
    assert full_id not in caplog.text


def test_audit_log_is_append_only(staff_user):
    entry = AuditLog.objects.create(actor=staff_user, action=AuditLog.Action.OTHER)
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_owner_can_download_own_data_including_full_id(client, veteran, full_id):
    client.force_login(veteran)
    response = client.get("/me/data.json")
    data = json.loads(response.content)
    assert data["veteran_profile"]["id_number"] == full_id
    assert data["account"]["username"] == veteran.username
    assert AuditLog.objects.filter(action=AuditLog.Action.DATA_EXPORT, actor=veteran).exists()


def test_account_deletion_erases_personal_data_and_blocks_login(client, veteran, full_id):
    profile_pk = veteran.veteran_profile.pk
    client.force_login(veteran)
    response = client.post("/me/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200 and "密码不正确" in response.content.decode()
    response = client.post("/me/delete/", {"password": "pass-1234-word", "confirm": "on"})
    assert response.status_code == 302
    profile = VeteranProfile.objects.get(pk=profile_pk)  # kept for statistics …
    assert profile.real_name == "" and profile.id_number_hash is None and profile.phone == ""  # … but anonymous
    veteran.refresh_from_db()
    assert not veteran.is_active and veteran.email == "" and veteran.username.startswith("erased-")
    assert not client.login(username=veteran.username, password="pass-1234-word")
    assert not VeteranProfile.objects.with_id_number(full_id).exists()  # the number can be registered again
