"""Writes of the catalogue: courses (indexed for search), their classes and sessions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from portal.models import AuditLog
from portal.search import index_row
from portal.services.audit import audit_record
from portal.services.notifications import notify
from training.models import ClassSession, Course, Enrollment, TrainingClass
from training.permissions import can_manage_class

KIND = "training"
# What trainees are told about when it changes: the seats (a raise may give them one) and the dates.
NOTIFIED_FIELDS = ("capacity", "start_date", "end_date", "venue")


def course_index(course: Course) -> None:
    """Index the course's words; its module and type labels in every site language, so the index is the same
    whichever language the saving user reads (and both languages' words find it)."""
    occupations = " ".join(o.name for o in course.target_occupations.all())
    labels = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels += [str(course.get_module_display()), str(course.get_course_type_display())]
    body = " ".join([course.description, *dict.fromkeys(labels), occupations])
    index_row(course, title=course.title, body=f"{body} {course.institution.name}")


@transaction.atomic
def course_save(*, course: Course, occupations=None) -> Course:
    """Create or update a course (its institution must be a verified training institution)."""
    if not course.institution.is_verified() or course.institution.org_type != "institution":
        raise ValidationError(_("Only verified training institutions can publish courses."))
    if not course.subsidy_eligible:
        course.subsidy_amount = Decimal("0")
    course.full_clean()
    course.save()
    if occupations is not None:
        course.target_occupations.set(occupations)
    course_index(course)
    return course


@transaction.atomic
def class_save(*, training_class: TrainingClass) -> TrainingClass:
    training_class.full_clean()
    training_class.save()
    return training_class


def _notify_trainees(cls: TrainingClass, *, event: str, lines: list) -> int:
    """Tell every veteran holding a seat or waiting in this class what changed, in their own language."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from portal.messages import Message
    from portal.messages import lines as joined

    text_title = Message(gettext_lazy("%(cls)s has changed"), cls=cls)
    body = joined(*lines)
    sent = 0
    people = cls.enrollments.filter(status__in=Enrollment.ACTIVE_STATUSES).select_related("veteran")
    for enrollment in people:
        sent += (
            notify(
                recipient=enrollment.veteran,
                event_key=f"training.class.{cls.pk}.{event}",
                kind=KIND,
                title=text_title,
                body=body,
                url=reverse("training:class_detail", args=[cls.pk]),
            )
            is not None
        )
    return sent


def _change_lines(before: TrainingClass, after: TrainingClass) -> list:
    from portal.messages import Message

    lines = []
    for name in NOTIFIED_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            label = TrainingClass._meta.get_field(name).verbose_name
            # The line's form is in no catalogue (it renders as itself); the field's label is translated.
            change = Message(
                "%(field)s: %(old)s → %(new)s", field=label, old=old if old not in ("", None) else "—", new=new
            )
            lines.append(change)
    return lines


@transaction.atomic
def class_update(*, training_class: TrainingClass, actor) -> TrainingClass:
    """The institution (or bureau staff) edits a class. The capacity cannot go below the seats already held; a
    raise gives the new seats to the waitlist first, in arrival order; trainees are told of every change of
    capacity, dates or venue."""
    from training.services.enrolment import _lock_class, waitlist_promote

    if training_class.pk is None:
        raise ValidationError(_("Create the class first."))
    before = _lock_class(training_class.pk)
    if not can_manage_class(actor, before):
        raise AccessDenied(_("You cannot manage this class."))
    training_class.course_id = before.course_id  # a class never moves to another course
    training_class.enrolment_sequence = before.enrolment_sequence
    held = before.enrollments.holding_seat().count()
    if training_class.capacity is not None and training_class.capacity < held:
        raise ValidationError(
            {"capacity": _("%(held)s seats are already taken; the capacity cannot be lower.") % {"held": held}}
        )
    training_class.full_clean()
    training_class.save()
    changes = _change_lines(before, training_class)
    promoted = waitlist_promote(training_class) if training_class.capacity > before.capacity else []
    if changes:
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        audit_record(
            actor=actor,
            action=AuditLog.Action.OTHER,
            target=training_class,
            detail={"changed": [str(line) for line in changes], "promoted": [e.pk for e in promoted]},
        )
        _notify_trainees(training_class, event=f"changed.{stamp}", lines=changes)
    return training_class


@transaction.atomic
def session_save(*, session: ClassSession, actor=None) -> ClassSession:
    """Add or move a session; once the class has trainees, a change of the timetable is told to them."""
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})
    if actor is not None and not can_manage_class(actor, session.training_class):
        raise AccessDenied(_("You cannot manage this class."))
    before = ClassSession.objects.filter(pk=session.pk).first() if session.pk else None
    session.full_clean()
    session.save()
    moved = before is None or (before.starts_at, before.ends_at) != (session.starts_at, session.ends_at)
    if moved:
        when = (
            f"{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}–{timezone.localtime(session.ends_at):%H:%M} "
            f"{session.title}"
        )
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        _notify_trainees(session.training_class, event=f"session.{session.pk}.{stamp}", lines=[when])
    return session
