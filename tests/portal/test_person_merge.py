"""Duplicate applicants (issue 18, item 6): staff find accounts that look like one person (same ID number, same
verified mobile number, same name and birth date) and merge them: every related row in every app is kept — moved
to the survivor, or left with the deactivated account where the survivor already has its twin — and audited."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from jobs.models import Application, FairRegistration
from portal.models import AuditLog, FamilyMemberProfile, Notification, User, VeteranProfile
from portal.services.notifications import notify
from portal.services.person_merge import KEPT_WITH_ABSORBED, person_merge
from portal.staff.duplicates import likely_duplicates, pair_reasons
from tests import factories
from tests.access_matrix.world import build_owner_side
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def pairs():
    return {frozenset((p.first.pk, p.second.pk)): p.reasons for p in likely_duplicates()}


# --- detection ----------------------------------------------------------------------------------------------------


def test_the_same_id_number_on_a_veteran_and_a_family_profile_is_found():
    veteran = factories.VeteranFactory()
    other = factories.family_member()  # registered as somebody's family member under the same number
    profile = other.family_profile
    profile.set_id_number(veteran.veteran_profile.get_id_number())
    profile.save()
    factories.VeteranFactory()  # an unrelated account
    found = pairs()
    assert found[frozenset((veteran.pk, other.pk))] == ["id_number"]
    assert pair_reasons(veteran, other) == ["Same ID number"]


def test_a_verified_mobile_number_used_by_another_account_is_found():
    owner = factories.VeteranFactory()
    User.objects.filter(pk=owner.pk).update(phone_verified=True)
    owner.phone = "13812345678"
    owner.save(update_fields=["phone"])
    second = factories.VeteranFactory()
    profile = VeteranProfile.objects.get(user=second)
    profile.phone = "138 1234 5678"
    profile.save(update_fields=["phone"])
    unverified = factories.VeteranFactory()
    unverified.phone = "13900001111"
    unverified.save(update_fields=["phone"])
    found = pairs()
    assert found[frozenset((owner.pk, second.pk))] == ["phone"]
    assert not any(unverified.pk in pair for pair in found)


def test_the_same_name_and_birth_date_are_found_and_staff_are_left_out():
    first, second = (
        factories.VeteranFactory(profile__real_name="李建国"),
        factories.VeteranFactory(profile__real_name="李建国"),
    )
    VeteranProfile.objects.filter(user__in=[first, second]).update(birth_date=datetime.date(1988, 8, 8))
    third = factories.VeteranFactory(profile__real_name="李建国")
    VeteranProfile.objects.filter(user=third).update(birth_date=datetime.date(1990, 1, 1))
    staff = factories.StaffFactory()
    VeteranProfile.objects.create(user=staff, real_name="李建国", birth_date=datetime.date(1988, 8, 8))
    found = pairs()
    assert found[frozenset((first.pk, second.pk))] == ["name_birth"]
    assert not any(third.pk in pair or staff.pk in pair for pair in found)


# --- merging ------------------------------------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models(include_auto_created=True)}


def _rows_pointing_at(user) -> dict[str, int]:
    from portal.services.person_merge import _reverse_relations

    return {
        f"{m._meta.label}.{f.name}": m._base_manager.filter(**{f.name: user}).count()
        for m, f in _reverse_relations(User)
    }


def test_merging_keeps_every_related_row_in_every_app():
    w = build_owner_side()  # the owner veteran holds one object of every kind, in every app
    absorbed = w.veteran
    survivor = factories.VeteranFactory()
    # The survivor already holds twins of some of the absorbed account's rows: those must not clash.
    twin_application = Application.objects.create(position=w.position, veteran=survivor)
    FairRegistration.objects.create(fair=w.fair, user=survivor, seat=2)
    notify(recipient=absorbed, event_key="same-event", kind="test", title="一")
    notify(recipient=survivor, event_key="same-event", kind="test", title="一")
    staff = factories.StaffFactory()
    before, held = _counts(), _rows_pointing_at(absorbed)
    assert sum(held.values()) > 20  # the world really gives the absorbed account rows across the apps

    report = person_merge(survivor=survivor, absorbed=absorbed, staff=staff, reason="同一人两次注册")

    after = _counts()
    assert {k: v for k, v in after.items() if v != before[k]} == {"portal.AuditLog": before["portal.AuditLog"] + 1}
    kept = {(row["model"], row["pk"]) for row in report["kept"]}
    left = _rows_pointing_at(absorbed)
    for relation, n in held.items():
        model_label = relation.rsplit(".", 1)[0]
        if model_label in KEPT_WITH_ABSORBED:
            assert left[relation] == n, relation  # credentials and history stay as they were
        else:
            assert left[relation] == sum(1 for label, _pk in kept if label == relation), relation
    assert ("jobs.Application.veteran", w.application.pk) in kept  # the survivor's twin stays, the other is kept
    assert Application.objects.get(pk=twin_application.pk).veteran == survivor
    assert ("jobs.FairRegistration.user", w.registration.pk) in kept
    assert Notification.objects.filter(recipient=absorbed, event_key="same-event").exists()
    assert w.enterprise.__class__.objects.get(pk=w.enterprise.pk).founder == survivor
    # Both had a veteran registration: the survivor's is kept, and the family member's link follows the person.
    assert ("portal.VeteranProfile.user", absorbed.veteran_profile.pk) in kept
    assert FamilyMemberProfile.objects.get(pk=w.family_profile.pk).veteran == survivor.veteran_profile
    absorbed.refresh_from_db()
    assert not absorbed.is_active and absorbed.session_generation == 1
    entry = AuditLog.objects.get(detail__event="person_merge")
    assert (entry.actor, entry.target_id, entry.detail["absorbed_user"]) == (staff, str(survivor.pk), absorbed.pk)
    assert entry.detail["moved"]["jobs.Application.veteran"] >= 1


def test_a_merge_is_refused_with_reasons():
    staff = factories.StaffFactory()
    first, second = factories.VeteranFactory(), factories.VeteranFactory()
    with pytest.raises(ValidationError, match="Say why"):
        person_merge(survivor=first, absorbed=second, staff=staff, reason=" ")
    with pytest.raises(ValidationError, match="two different accounts"):
        person_merge(survivor=first, absorbed=first, staff=staff, reason="x")
    with pytest.raises(ValidationError, match="Staff accounts are never merged"):
        person_merge(survivor=first, absorbed=factories.StaffFactory(), staff=staff, reason="x")
    User.objects.filter(pk=second.pk).update(is_active=False)
    second.refresh_from_db()
    with pytest.raises(ValidationError, match="deactivated"):
        person_merge(survivor=first, absorbed=second, staff=staff, reason="x")
    from portal.exceptions import AccessDenied

    with pytest.raises(AccessDenied):
        person_merge(survivor=first, absorbed=factories.VeteranFactory(), staff=first, reason="x")


def test_the_staff_page_lists_the_pair_and_merges_it(client):
    first, second = (
        factories.VeteranFactory(profile__real_name="王海"),
        factories.VeteranFactory(profile__real_name="王海"),
    )
    VeteranProfile.objects.filter(user__in=[first, second]).update(birth_date=datetime.date(1991, 2, 3))
    Application.objects.create(position=PositionFactory(), veteran=second)
    staff = factories.StaffFactory()
    client.force_login(staff)
    page = client.get(reverse("portal:staff_duplicates"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    url = reverse("portal:staff_duplicate_merge", args=[first.pk, second.pk])
    assert url in page and "Same name and birth date" in page
    assert reverse("portal:staff_duplicates") in client.get(reverse("portal:staff_dashboard")).content.decode()
    compare = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Same name and birth date" in compare
    refused = client.post(url, {"survivor": "first", "reason": "", "confirm": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and User.objects.get(pk=second.pk).is_active
    done = client.post(url, {"survivor": "first", "reason": "电话核实为同一人", "confirm": "on"})
    assert done.status_code == 302
    assert not User.objects.get(pk=second.pk).is_active
    assert Application.objects.filter(veteran=first).count() == 1
    assert client.get(url).status_code == 404  # the absorbed account is no longer a person account to merge


def test_only_staff_who_may_change_accounts_reach_the_pages(client):
    first, second = factories.VeteranFactory(), factories.VeteranFactory()
    url = reverse("portal:staff_duplicate_merge", args=[first.pk, second.pk])
    client.force_login(first)
    assert client.get(reverse("portal:staff_duplicates")).status_code == 403
    assert client.post(url, {"survivor": "first", "reason": "x", "confirm": "on"}).status_code == 403
    staff = factories.StaffFactory()
    from django.contrib.auth.models import Group

    Group.objects.get(name="staff").permissions.remove(
        *Group.objects.get(name="staff").permissions.filter(codename="change_user")
    )
    client.force_login(staff)
    assert client.get(reverse("portal:staff_duplicates")).status_code == 403
    assert User.objects.get(pk=second.pk).is_active
