"""Template helpers of the staff workbench, and the veteran's "actions taken on your behalf" list."""

from django import template

from portal.models import AuditLog

register = template.Library()


@register.simple_tag
def export_cells(definition, row):
    """A list row rendered with the export's columns, always masked (pages never show full ID numbers)."""
    return ["" if (value := column.value(row, False)) is None else value for column in definition.columns]


@register.simple_tag
def acted_for_me(user, limit=20):
    """ACT_FOR entries where staff acted for this user, newest first (for the veteran's profile page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        AuditLog.objects.filter(action=AuditLog.Action.ACT_FOR, on_behalf_of=user)
        .select_related("actor")
        .order_by("-created_at")[:limit]
    )


@register.simple_tag
def staff_pages():
    """The pillars' staff pages (portal.pillars), for the workbench's navigation."""
    from portal.pillars import pillars

    return [page for pillar in pillars() for page in pillar.staff_pages]


@register.filter
def act_label(entry):
    """Human label of an ACT_FOR entry's event (registered action label, or the key)."""
    from portal.staff.acting import registered_actions

    event = (entry.detail or {}).get("event", "")
    if event == "start":
        from django.utils.translation import gettext

        return gettext("Opened your file at the counter")
    labels = {a.key: a.label for a in registered_actions()}
    return labels.get(event, event)
