"""Role groups and the permissions each carries. Created after every migrate, so fresh databases have them."""

from django.contrib.auth.models import Group, Permission

from portal.models import Role

STAFF_APPS = [
    "portal",
    "jobs",
    "jobs_matching",
    "training",
    "entrepreneurship",
    "benefits",
    "news",
    "care",
    "onestop",
    "counsel",
]
# Held back from the staff group on purpose: granted to named people only.
SENSITIVE_CODENAMES = {
    "view_full_id_number",
    "read_loan_document",
    "read_complained_thread",  # jobs: any application thread under complaint (organizer staff read their fairs' anyway)
    "browse_auditlog",
    "change_auditlog",
    "delete_auditlog",
    "add_auditlog",
}


def ensure_role_groups(**_kwargs) -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    staff = Group.objects.get(name=Role.STAFF)
    perms = Permission.objects.filter(content_type__app_label__in=STAFF_APPS).exclude(codename__in=SENSITIVE_CODENAMES)
    staff.permissions.add(*perms)


def grant_role(user, role: str) -> None:
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if hasattr(user, "_role_names"):
        del user._role_names
