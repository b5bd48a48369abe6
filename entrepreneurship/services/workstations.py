"""Incubator bases managed by their operators: the base itself, its rooms (a grid of desks) and which residency
holds which desk.

No desk is given twice: allocation locks the base row first (the order every residency writer uses), then the
chosen desk rows (SELECT ... FOR UPDATE), checks that none has a current allocation, and inserts; the partial
unique constraint on current allocations per desk is the database's second guard. A base's workstation count
follows its desks in service once it has any.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import Desk, DeskAllocation, IncubatorBase, Residency, Room
from entrepreneurship.models.workstations import MAX_GRID
from entrepreneurship.permissions import can_operate_base
from portal.exceptions import AccessDenied
from portal.models import AuditLog, Organization
from portal.permissions import is_bureau_staff, member_organizations
from portal.services.audit import audit_record

BASE_FIELDS = ["name", "region", "address", "services", "total_workstations", "veteran_priority_policy", "is_active"]
ROW_LETTERS = "ABCDEFGHIJKLMNOPQRST"


def _check_operator(user, base):
    if not can_operate_base(user, base):
        raise AccessDenied(_("You do not operate this incubator base."), hide=True)


@transaction.atomic
def base_save(*, user, data: dict, base: IncubatorBase | None = None, operator: Organization | None = None):
    """An operator (or staff) creates a base for their verified incubator organization, or edits one of theirs."""
    if base is None:
        if operator is None or operator.org_type != Organization.Type.INCUBATOR:
            raise ValidationError({"operator": _("Choose the incubator organization that runs this base.")})
        allowed = is_bureau_staff(user) or member_organizations(user, Organization.Type.INCUBATOR).filter(
            pk=operator.pk
        )
        if not allowed or not operator.is_verified():
            raise AccessDenied(_("You may only add bases for your own verified incubator organization."))
        base = IncubatorBase(operator=operator, total_workstations=0)
    else:
        base = IncubatorBase.objects.select_for_update().get(pk=base.pk)
        _check_operator(user, base)
    for field in BASE_FIELDS:
        if field in data:
            setattr(base, field, data[field])
    if base.pk and base.room_set.exists():
        base.total_workstations = _desks_in_service(base)  # follows the desks; the form's number is ignored
    occupied = base.occupied_workstations() if base.pk else 0
    if base.total_workstations < occupied:
        raise ValidationError(
            {"total_workstations": _("%(n)s workstations are allocated; the base cannot have fewer.") % {"n": occupied}}
        )
    base.full_clean()
    base.save()
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=base, detail={"event": "base_save"})
    return base


def _desks_in_service(base) -> int:
    return Desk.objects.filter(room__base=base, is_active=True).count()


def _sync_counts(base: IncubatorBase) -> None:
    base.total_workstations = _desks_in_service(base)
    base.rooms = base.room_set.count()
    base.save(update_fields=["total_workstations", "rooms"])


@transaction.atomic
def room_save(*, user, base: IncubatorBase, name: str, rows: int, columns: int, room: Room | None = None) -> Room:
    """Create a room or resize its grid: new cells get a desk (labelled A1, A2 … by row and column); cells cut off
    lose their desk, which is refused while a desk there is held by a residency."""
    base = IncubatorBase.objects.select_for_update().get(pk=base.pk)
    _check_operator(user, base)
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Give the room a name.")
    for field, value in (("rows", rows), ("columns", columns)):
        if not isinstance(value, int) or not 1 <= value <= MAX_GRID:
            errors[field] = _("Between 1 and %(n)s.") % {"n": MAX_GRID}
    if errors:
        raise ValidationError(errors)
    name = name.strip()
    clash = base.room_set.filter(name=name).exclude(pk=room.pk if room else None).exists()
    if clash:
        raise ValidationError({"name": _("This base already has a room with this name.")})
    if room is None:
        room = Room(base=base, order=base.room_set.count())
    elif room.base_id != base.pk:
        raise AccessDenied(_("This room belongs to another base."), hide=True)
    outside_ids = []
    if room.pk:
        outside_ids = list(
            Desk.objects.filter(Q(row__gt=rows) | Q(column__gt=columns), room=room).values_list("pk", flat=True)
        )
        if DeskAllocation.objects.current().filter(desk_id__in=outside_ids).exists():
            raise ValidationError(_("A desk outside the new grid is allocated; release it first."))
    room.name, room.rows, room.columns = name, rows, columns
    room.full_clean(exclude=["base"])
    room.save()
    if outside_ids:
        with_history = set(DeskAllocation.objects.filter(desk_id__in=outside_ids).values_list("desk_id", flat=True))
        Desk.objects.filter(pk__in=with_history).update(is_active=False)  # kept for the record, out of the grid
        Desk.objects.filter(pk__in=set(outside_ids) - with_history).delete()
    existing = set(Desk.objects.filter(room=room).values_list("row", "column"))
    Desk.objects.bulk_create(
        Desk(room=room, row=r, column=c, label=f"{ROW_LETTERS[r - 1]}{c}")
        for r in range(1, rows + 1)
        for c in range(1, columns + 1)
        if (r, c) not in existing
    )
    _sync_counts(base)
    return room


@transaction.atomic
def desk_set_in_service(*, user, desk: Desk, in_service: bool) -> Desk:
    base = IncubatorBase.objects.select_for_update().get(pk=desk.room.base_id)
    _check_operator(user, base)
    desk = Desk.objects.select_for_update().get(pk=desk.pk)
    if not in_service and desk.allocations.current().exists():
        raise ValidationError(_("Desk %(desk)s is allocated; release it first.") % {"desk": desk.label})
    if in_service and (desk.row > desk.room.rows or desk.column > desk.room.columns):
        raise ValidationError(_("This desk lies outside the room's grid."))
    desk.is_active = in_service
    desk.save(update_fields=["is_active"])
    _sync_counts(base)
    return desk


@transaction.atomic
def desks_allocate(*, user, residency: Residency, desks: list) -> list[DeskAllocation]:
    """Give specific desks of the residency's base to an active residency, within its allocated workstations."""
    base = IncubatorBase.objects.select_for_update().get(pk=residency.base_id)
    _check_operator(user, base)
    residency = Residency.objects.select_for_update().get(pk=residency.pk)
    if not residency.is_in_residence():
        raise ValidationError(_("Desks can be allocated only to an active residency."))
    ids = sorted({d.pk for d in desks})
    if not ids:
        raise ValidationError({"desks": _("Choose at least one desk.")})
    locked = list(Desk.objects.select_for_update().filter(pk__in=ids, room__base=base).order_by("pk"))
    if len(locked) != len(ids):
        raise ValidationError({"desks": _("A chosen desk is not in this base.")})
    if any(not d.is_active for d in locked):
        raise ValidationError({"desks": _("A chosen desk is out of service.")})
    taken = DeskAllocation.objects.current().filter(desk_id__in=ids).select_related("desk")
    if taken:
        labels = ", ".join(a.desk.label for a in taken)
        raise ValidationError({"desks": _("Already allocated: %(desks)s.") % {"desks": labels}})
    held = residency.desk_allocations.current().count()
    if held + len(ids) > residency.workstations_allocated:
        raise ValidationError(
            {
                "desks": _("This residency has %(n)s workstations; it already holds %(held)s desks.")
                % {"n": residency.workstations_allocated, "held": held}
            }
        )
    try:
        with transaction.atomic():
            rows = [DeskAllocation.objects.create(desk=d, residency=residency, allocated_by=user) for d in locked]
    except IntegrityError:
        raise ValidationError({"desks": _("A chosen desk has just been allocated; choose another.")})
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=residency, detail={"desks": ids})
    return rows


@transaction.atomic
def desk_release(*, user, allocation: DeskAllocation) -> DeskAllocation:
    base = IncubatorBase.objects.select_for_update().get(pk=allocation.desk.room.base_id)
    _check_operator(user, base)
    allocation = DeskAllocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.released_at is None:
        allocation.released_at = timezone.now()
        allocation.save(update_fields=["released_at"])
    return allocation


def release_desks_of(residency: Residency) -> int:
    """Called inside the residency's exit (already locked): its desks become free."""
    return DeskAllocation.objects.current().filter(residency=residency).update(released_at=timezone.now())


def occupancy_desks_free(base: IncubatorBase) -> list[Desk]:
    """The base's desks in service that nobody holds, room by room."""
    taken = DeskAllocation.objects.current().filter(desk__room__base=base).values("desk_id")
    return list(
        Desk.objects.filter(room__base=base, is_active=True)
        .exclude(pk__in=taken)
        .select_related("room")
        .order_by("room__order", "room_id", "row", "column")
    )


def occupancy_plan(base: IncubatorBase) -> list[dict]:
    """Per room: a grid of cells (desk or None), each desk with its current holder, for the accessible plan."""
    holders = {
        a.desk_id: a.residency
        for a in DeskAllocation.objects.current().filter(desk__room__base=base).select_related("residency__enterprise")
    }
    plan = []
    rooms = base.room_set.annotate(n=Count("desks")).order_by("order", "pk")
    desks_by_room: dict[int, dict] = {}
    for desk in Desk.objects.filter(room__base=base):
        desk.holder = holders.get(desk.pk)
        desks_by_room.setdefault(desk.room_id, {})[(desk.row, desk.column)] = desk
    for room in rooms:
        cells = desks_by_room.get(room.pk, {})
        grid = [[cells.get((r, c)) for c in range(1, room.columns + 1)] for r in range(1, room.rows + 1)]
        free = sum(1 for d in cells.values() if d.is_active and d.holder is None and d.row <= room.rows)
        plan.append({"room": room, "grid": grid, "free": free, "columns": range(1, room.columns + 1)})
    return plan
