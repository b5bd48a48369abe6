"""Rooms and desks (工位) of an incubator base, and which residency holds which desk.

A room is a simple grid (rows × columns) the operator edits; each cell may hold a desk. A desk is held by at most
one residency at a time: allocation locks the desk rows, and a partial unique constraint on the open allocations
of a desk is the database's own guard.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_GRID = 20


class Room(models.Model):
    base = models.ForeignKey("entrepreneurship.IncubatorBase", models.CASCADE, related_name="room_set")
    name = models.CharField(pgettext_lazy("room", "name"), max_length=60)
    rows = models.PositiveSmallIntegerField(
        pgettext_lazy("desk grid", "rows"), validators=[MinValueValidator(1), MaxValueValidator(MAX_GRID)], default=2
    )
    columns = models.PositiveSmallIntegerField(
        _("columns"), validators=[MinValueValidator(1), MaxValueValidator(MAX_GRID)], default=4
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["base", "order", "pk"]
        verbose_name = pgettext_lazy("incubator", "room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["base", "name"], name="room_name_unique_per_base")]

    def __str__(self):
        return f"{self.base} · {self.name}"


class Desk(models.Model):
    room = models.ForeignKey(
        Room, models.CASCADE, related_name="desks", verbose_name=pgettext_lazy("incubator", "room")
    )
    row = models.PositiveSmallIntegerField(_("row"))
    column = models.PositiveSmallIntegerField(_("column"))
    label = models.CharField(_("desk"), max_length=20)
    # An operator takes a desk out of service (broken, kept for a meeting corner) without losing its history.
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["room", "row", "column"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        constraints = [
            models.UniqueConstraint(fields=["room", "row", "column"], name="desk_one_per_cell"),
            models.UniqueConstraint(fields=["room", "label"], name="desk_label_unique_per_room"),
        ]

    def __str__(self):
        return f"{self.room.name} {self.label}"


class DeskAllocationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(released_at__isnull=True)


class DeskAllocation(models.Model):
    desk = models.ForeignKey(Desk, models.PROTECT, related_name="allocations", verbose_name=_("desk"))
    residency = models.ForeignKey(
        "entrepreneurship.Residency", models.CASCADE, related_name="desk_allocations", verbose_name=_("residency")
    )
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    allocated_at = models.DateTimeField(_("allocated at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    objects = DeskAllocationQuerySet.as_manager()

    class Meta:
        ordering = ["desk", "-allocated_at"]
        verbose_name = _("desk allocation")
        verbose_name_plural = _("desk allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["desk"], condition=Q(released_at__isnull=True), name="desk_allocation_one_current_per_desk"
            )
        ]

    def __str__(self):
        return f"{self.desk} → {self.residency}"
