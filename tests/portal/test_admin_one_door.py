"""The admin is held to the services: service-owned fields are read-only, every action calls a service, and access
rights change only through the superuser-only, audited access service."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.utils import translation

from jobs.models import Position
from portal.admin_actions import ServiceOwnedFieldsMixin
from portal.models import AuditLog, Notification, Organization, User
from tests.factories import OrganizationFactory, StaffFactory, UserFactory, VeteranFactory
from tests.jobs.factories import PositionFactory

PROJECT_APPS = {"portal", "jobs", "jobs_matching", "training", "entrepreneurship", "benefits"}
ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db


def _project_admins():
    return [(model, ma) for model, ma in admin.site._registry.items() if model._meta.app_label in PROJECT_APPS]


def _superuser_request(db_user=None):
    request = RequestFactory().get("/admin/")
    request.user = db_user or User(username="root-probe", is_superuser=True, is_staff=True, is_active=True, pk=10**9)
    return request


def _admins_and_inlines():
    """(model, admin, obj): every project ModelAdmin with an unsaved row, then its inlines (parent: none)."""
    request = _superuser_request()
    for model, ma in _project_admins():
        yield model, ma, model()
        for inline in ma.get_inline_instances(request, model()):
            yield inline.model, inline, None


# --- what the services write -----------------------------------------------------------------------------------


def _service_sources() -> list[str]:
    files = [*ROOT.glob("*/services.py"), *ROOT.glob("*/services/*.py"), *ROOT.glob("*/*/services.py")]
    files += ROOT.glob("*/*/services/*.py")  # the staff workbench's (portal/staff/services/)
    return [f.read_text() for f in files if ".venv" not in f.parts]


def _written_field_sets() -> list[set[str]]:
    """Each `save(update_fields=[...])` and `.update(a=..., b=...)` in a service: a set of fields written together."""
    sets = []
    for source in _service_sources():
        for names in re.findall(r"update_fields=\[([^\]]*)\]", source):
            sets.append(set(re.findall(r'"(\w+)"', names)) - {"updated_at"})
        for kwargs in re.findall(r"\.update\((\w+=[^()]*(?:\([^()]*\)[^()]*)*)\)", source):
            sets.append(set(re.findall(r"(?:^|,\s*)(\w+)=", kwargs)))
    return [s for s in sets if s]


def test_the_service_scan_finds_the_writes_it_relies_on():
    sets = _written_field_sets()
    assert {"status", "published_at", "rejection_reason", "reviewed_by", "reviewed_at"} in sets
    assert {"is_booked"} in sets


# A service write that only happens to name a field of another model (the superset rule below cannot tell).
COINCIDENCES = {
    ("entrepreneurship.Enterprise", "stage"): "competition_advance moves CompetitionEntry.stage",
    ("portal.User", "password"): "changed through the admin's own password form (hashed), not the change form",
    (
        "portal.User",
        "is_active",
    ): "staff may deactivate an account here; portal.signals revokes its API keys on any path",
    ("portal.User", "email"): "account_contact_set gives an unclaimed, staff-created account the address its claim "
    "invitation goes to; staff correcting an address in the admin is the same act (the admin guards other staff)",
    ("entrepreneurship.IncubatorBase", "is_active"): "api_integration_key_revoke deactivates the key's User",
    ("entrepreneurship.LoanProduct", "is_active"): "api_integration_key_revoke deactivates the key's User",
}


def _editable_fields(ma, obj) -> set[str]:
    request = _superuser_request()
    if hasattr(ma, "get_formset"):  # an inline: obj is its parent, whose key the formset fixes (not editable)
        formset = ma.get_formset(request, obj)
        return set(formset.form.base_fields) - {formset.fk.name}
    return set(ma.get_form(request, obj, change=True).base_fields)


def test_no_field_a_service_writes_is_editable_in_the_admin():
    """A model holding all the fields one service write sets together has none of them editable in its admin."""
    sets = _written_field_sets()
    editable_written = []
    for model, ma, obj in _admins_and_inlines():
        if not ma.has_change_permission(_superuser_request()):
            continue  # read-only admins (Score, AuditLog)
        names = {f.name for f in model._meta.get_fields() if f.concrete}
        editable = _editable_fields(ma, obj)
        for written in sets:
            if written <= names:
                for name in written & editable:
                    if (model._meta.label, name) not in COINCIDENCES:
                        editable_written.append((model._meta.label, name))
    assert editable_written == []


WORKFLOW_FIELDS = ("status", "reviewed_by", "reviewed_at", "published_at", "verified", "verified_by", "verified_at")


def test_every_project_admin_declares_service_owned_fields_and_every_status_is_among_them():
    """A new ModelAdmin must say which fields its services own (an empty tuple says "none"), on its own class."""
    for model, ma, _parent in _admins_and_inlines():
        if not ma.has_change_permission(_superuser_request()):
            continue
        field_names = {f.name for f in model._meta.get_fields()}
        workflow = [name for name in WORKFLOW_FIELDS if name in field_names]
        if isinstance(ma, admin.ModelAdmin) or workflow:
            declared = any(
                "service_owned_fields" in vars(klass)
                for klass in type(ma).__mro__[:-1]
                if klass not in (ServiceOwnedFieldsMixin,)
            )
            assert isinstance(ma, ServiceOwnedFieldsMixin) and declared, f"{type(ma).__name__} declares no fields"
        for name in workflow:
            assert name in ma.service_owned_fields, f"{model._meta.label}.{name} is not declared service-owned"


def test_every_declared_service_owned_field_is_read_only_in_the_change_and_add_forms():
    request = _superuser_request()
    for model, ma, parent in _admins_and_inlines():
        owned = set(getattr(ma, "service_owned_fields", ()))
        for obj in (parent, None) if parent is not None else (None,):
            assert owned <= set(ma.get_readonly_fields(request, obj)), model._meta.label
        assert not owned & _editable_fields(ma, parent), model._meta.label


def test_models_made_by_a_service_have_no_add_form():
    request = _superuser_request()
    for model, ma in _project_admins():
        if getattr(ma, "created_by_service", False):
            assert not ma.has_add_permission(request), model._meta.label


def test_every_admin_action_is_built_from_a_service():
    request = _superuser_request()
    for model, ma in _project_admins():
        for name, (func, _name, _description) in ma.get_actions(request).items():
            if name == "delete_selected":
                continue
            service = getattr(func, "service", None)
            assert callable(service), f"{model._meta.label}: action {name} does not call a service"
            assert re.search(r"\.services(\.|$)", service.__module__), (name, service.__module__)


# --- positions: publishing needs the review ----------------------------------------------------------------------


def _change_form_data(ma, request, obj) -> dict:
    form = ma.get_form(request, obj, change=True)(instance=obj)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    return data


@pytest.fixture
def pending_position(db):
    org = OrganizationFactory()
    member = UserFactory()
    org.memberships.create(user=member, role="admin")
    return PositionFactory(organization=org, status=Position.Status.PENDING, published_at=None)


def test_posting_status_published_in_the_change_form_leaves_a_pending_position_pending(client, pending_position):
    staff = StaffFactory()
    client.force_login(staff)
    ma = admin.site._registry[Position]
    data = _change_form_data(ma, _superuser_request(staff), pending_position)
    data.update(status="published", reviewed_by=staff.pk, published_at="2026-01-01 00:00:00")
    response = client.post(f"/admin/jobs/position/{pending_position.pk}/change/", data)
    assert response.status_code == 302, getattr(response, "context", None) and response.context["adminform"].errors
    pending_position.refresh_from_db()
    assert pending_position.status == Position.Status.PENDING
    assert pending_position.reviewed_by is None and pending_position.published_at is None


def test_the_admin_approve_action_publishes_through_the_review_service(client, pending_position):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(
        "/admin/jobs/position/", {"action": "approve_selected", "_selected_action": [pending_position.pk]}
    )
    assert response.status_code == 302
    pending_position.refresh_from_db()
    assert pending_position.status == Position.Status.PUBLISHED
    assert pending_position.reviewed_by == staff and pending_position.published_at is not None
    assert AuditLog.objects.filter(action="approve", target_id=str(pending_position.pk), actor=staff).exists()
    assert Notification.objects.filter(event_key=f"jobs-position-{pending_position.pk}-approved").exists()


def test_the_admin_reject_action_asks_for_the_reason_first(client, pending_position):
    staff = StaffFactory()
    client.force_login(staff)
    url = "/admin/jobs/position/"
    asked = client.post(url, {"action": "reject_selected", "_selected_action": [pending_position.pk]})
    assert asked.status_code == 200 and "reason" in asked.context["form"].fields
    pending_position.refresh_from_db()
    assert pending_position.status == Position.Status.PENDING
    done = client.post(
        url,
        {"action": "reject_selected", "_selected_action": [pending_position.pk], "apply": "1", "reason": "薪资未填写"},
    )
    assert done.status_code == 302
    pending_position.refresh_from_db()
    assert pending_position.status == Position.Status.REJECTED and pending_position.rejection_reason == "薪资未填写"
    assert AuditLog.objects.filter(action="reject", target_id=str(pending_position.pk)).exists()


def test_a_refused_row_is_reported_with_the_services_translated_reason(client, pending_position):
    staff = StaffFactory()
    client.force_login(staff)
    draft = PositionFactory(status=Position.Status.DRAFT, published_at=None)
    response = client.post(
        "/admin/jobs/position/",
        {"action": "approve_selected", "_selected_action": [draft.pk, pending_position.pk]},
        follow=True,
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)] or [str(m) for m in response.context["messages"]]
    with translation.override("zh-hans"):
        refusal = translation.gettext("Only a position pending review can be approved.")
    assert any(refusal in t and draft.title in t for t in texts), texts
    draft.refresh_from_db()
    assert draft.status == Position.Status.DRAFT


# --- users and groups: nobody grants themselves rights -------------------------------------------------------------


def _own_page_data(user, **extra) -> dict:
    return {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "phone": "",
        "language": "zh-hans",
        **extra,
    }


def test_a_staff_member_cannot_grant_themselves_permissions_or_superuser(client):
    staff = StaffFactory()
    client.force_login(staff)
    unmask = Permission.objects.get(codename="view_full_id_number")
    audit = Permission.objects.get(codename="browse_auditlog")
    data = _own_page_data(
        staff, user_permissions=[unmask.pk, audit.pk], is_superuser="on", groups=[Group.objects.get(name="staff").pk]
    )
    response = client.post(f"/admin/portal/user/{staff.pk}/change/", data, follow=True)
    assert response.status_code == 200
    staff = User.objects.get(pk=staff.pk)
    assert not staff.is_superuser
    assert not staff.has_perm("portal.view_full_id_number") and not staff.has_perm("portal.browse_auditlog")
    with translation.override("zh-hans"):
        refused = translation.gettext(
            "Groups, permissions and staff status were not changed: only a superuser can change them, "
            "and never their own."
        )
    assert refused in [str(m) for m in response.context["messages"]]


def test_a_superuser_cannot_change_their_own_rights_either(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.post(f"/admin/portal/user/{root.pk}/change/", _own_page_data(root))  # is_superuser unticked
    assert response.status_code == 302
    root.refresh_from_db()
    assert root.is_superuser and root.is_staff


def test_staff_cannot_edit_another_staff_account(client):
    staff, colleague = StaffFactory(), StaffFactory()
    client.force_login(staff)
    response = client.post(f"/admin/portal/user/{colleague.pk}/change/", _own_page_data(colleague, email="x@x.cn"))
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.email != "x@x.cn"


def test_staff_cannot_give_a_group_permissions(client):
    staff = StaffFactory()
    client.force_login(staff)
    group = Group.objects.get(name="staff")
    unmask = Permission.objects.get(codename="view_full_id_number")
    client.post(f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": [unmask.pk]})
    assert not group.permissions.filter(pk=unmask.pk).exists()


def test_a_superuser_granting_the_unmask_permission_is_audited(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    staff = StaffFactory()
    client.force_login(root)
    unmask = Permission.objects.get(codename="view_full_id_number")
    data = _own_page_data(
        staff, is_staff="on", user_permissions=[unmask.pk], groups=[Group.objects.get(name="staff").pk]
    )
    response = client.post(f"/admin/portal/user/{staff.pk}/change/", data)
    assert response.status_code == 302
    staff = User.objects.get(pk=staff.pk)
    assert staff.has_perm("portal.view_full_id_number")
    entry = AuditLog.objects.get(action="access", target_id=str(staff.pk))
    assert entry.actor == root and entry.target_type == "portal.User"
    assert entry.detail["granted"] == ["portal.view_full_id_number"] and entry.detail["revoked"] == []

    data["user_permissions"] = []
    client.post(f"/admin/portal/user/{staff.pk}/change/", data)
    assert AuditLog.objects.filter(action="access", detail__revoked=["portal.view_full_id_number"]).count() == 1


def test_a_sensitive_permission_given_through_a_group_is_audited(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(root)
    group = Group.objects.create(name="审计员")
    audit = Permission.objects.get(codename="browse_auditlog")
    response = client.post(f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": [audit.pk]})
    assert response.status_code == 302
    entry = AuditLog.objects.get(action="access", target_type="auth.Group", target_id=str(group.pk))
    assert entry.actor == root and entry.detail["granted"] == ["portal.browse_auditlog"]


def test_a_sensitive_grant_outside_the_admin_is_still_written_down(db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    entry = AuditLog.objects.get(action="access", target_id=str(user.pk))
    assert entry.actor is None and entry.detail["granted"] == ["portal.view_full_id_number"]


def test_staff_are_not_offered_bulk_deletion_of_accounts(client):
    """Bulk deletion checks no row, so it would reach the staff and superuser accounts staff may not change."""
    client.force_login(StaffFactory())
    action_form = client.get("/admin/portal/user/").context["action_form"]  # None: no action at all
    choices = action_form.fields["action"].choices if action_form else []
    assert "delete_selected" not in [value for value, _label in choices]


def _membership_inline_data(org, *rows) -> dict:
    data = {
        **_change_form_data(admin.site._registry[Organization], _superuser_request(), org),
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, (user, role) in enumerate(rows):
        data[f"memberships-{i}-user"] = user.pk
        data[f"memberships-{i}-role"] = role
        data[f"memberships-{i}-organization"] = org.pk
    return data


def test_staff_cannot_make_themselves_members_of_an_organization(client):
    staff = StaffFactory()
    bank = OrganizationFactory(org_type="bank")
    newcomer = UserFactory()
    client.force_login(staff)
    data = _membership_inline_data(bank, (staff, "admin"), (newcomer, "member"))
    response = client.post(f"/admin/portal/organization/{bank.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert not bank.memberships.filter(user=staff).exists()
    assert bank.memberships.filter(user=newcomer).exists()
    assert User.objects.get(pk=newcomer.pk).has_role("bank")  # added through membership_add, role granted


def test_staff_find_a_veteran_in_the_admin_by_the_full_chinese_name(client):
    wanted = VeteranFactory(profile__real_name="欧阳春梅")
    VeteranFactory(profile__real_name="欧阳建国")
    client.force_login(StaffFactory())
    found = client.get("/admin/portal/veteranprofile/", {"q": "欧阳春梅"}).context["cl"].result_list
    assert [p.user_id for p in found] == [wanted.pk]
    assert not client.get("/admin/portal/veteranprofile/", {"q": "欧阳"}).context["cl"].result_list  # whole names only


def test_the_access_service_refuses_non_superusers_and_oneself():
    from django.core.exceptions import PermissionDenied

    from portal.services.access import group_permissions_set, user_access_set

    root, staff, other = UserFactory(is_superuser=True, is_staff=True), StaffFactory(), UserFactory()
    unmask = Permission.objects.get(codename="view_full_id_number")
    with pytest.raises(PermissionDenied):
        user_access_set(actor=staff, user=other, permissions=[unmask])
    with pytest.raises(PermissionDenied):
        user_access_set(actor=root, user=root, is_superuser=False)
    with pytest.raises(PermissionDenied):
        group_permissions_set(actor=staff, group=Group.objects.get(name="staff"), permissions=[unmask])
    assert not other.user_permissions.exists() and User.objects.get(pk=root.pk).is_superuser
    user_access_set(actor=root, user=other, is_superuser=True)
    entry = AuditLog.objects.get(action="access", target_id=str(other.pk))
    assert entry.actor == root and entry.detail["granted"] == ["superuser"]


def test_every_project_changelist_and_add_page_answers(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model, ma in _project_admins():
        opts = model._meta
        assert client.get(f"/admin/{opts.app_label}/{opts.model_name}/").status_code == 200, opts.label
        expected = 403 if getattr(ma, "created_by_service", False) else 200
        if ma.has_add_permission(_superuser_request()) or expected == 403:
            assert client.get(f"/admin/{opts.app_label}/{opts.model_name}/add/").status_code == expected, opts.label


def test_the_profile_admin_links_no_stored_file(client):
    """Résumés are served only through permission-checked views: the admin neither links nor replaces one."""
    from tests.portal.helpers import pdf_upload

    profile = VeteranFactory().veteran_profile
    profile.resume = pdf_upload()
    profile.save()
    client.force_login(StaffFactory())
    response = client.get(f"/admin/portal/veteranprofile/{profile.pk}/change/")
    assert response.status_code == 200
    assert "resume" not in response.context["adminform"].form.fields
    assert "/media/" not in response.content.decode()


def test_sensitive_grants_made_outside_the_access_service_are_still_recorded():
    """A shell or a data fix that edits permissions directly skips the service; the m2m receivers record it, with
    no actor, in every direction (forward, reverse, through a group, and clear). Plain permissions are not logged."""
    from django.contrib.auth.models import Group, Permission

    from portal.models import AuditLog

    unmask = Permission.objects.get(codename="view_full_id_number")
    plain = Permission.objects.get(codename="view_region")
    user, other = UserFactory(), UserFactory()

    def entries(target):
        return list(
            AuditLog.objects.filter(
                action=AuditLog.Action.ACCESS, actor=None, target_type=target._meta.label, target_id=str(target.pk)
            )
            .order_by("pk")
            .values_list("detail__granted", "detail__revoked")
        )

    user.user_permissions.add(plain)
    assert entries(user) == []
    user.user_permissions.add(unmask)
    unmask.user_set.add(other)
    user.user_permissions.clear()
    assert entries(user) == [(["portal.view_full_id_number"], []), ([], ["portal.view_full_id_number"])]
    assert entries(other) == [(["portal.view_full_id_number"], [])]

    group = Group.objects.create(name="unmaskers")
    group.permissions.add(unmask)
    group.user_set.add(user)
    assert entries(group) == [(["portal.view_full_id_number"], [])]
    assert entries(user)[-1] == (["portal.view_full_id_number"], [])
