"""Mentor pages: the mentor list, a mentor's open slots, booking, my bookings (both sides), mentor's own pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from entrepreneurship import mentor_selectors
from entrepreneurship.forms import BookingForm, CancelForm, MentorApplyForm, NotesForm, RatingForm, SlotForm
from entrepreneurship.models import MentorBooking, MentorProfile, MentorSlot
from entrepreneurship.models.mentors import MIN_RATINGS_SHOWN, mentor_slots_left
from entrepreneurship.services import mentors
from entrepreneurship.views.common import call_service, form_page
from portal.form_errors import run_button
from portal.permissions import is_veteran


def mentor_list(request):
    field = request.GET.get("field", "")
    mentors_page = Paginator(mentor_selectors.public_mentors(field=field), 24).get_page(request.GET.get("page"))
    context = {
        "mentors": mentor_selectors.attach_next_slots(mentors_page),
        "page": mentors_page,
        "fields": MentorProfile.Field.choices,
        "field": field,
        "min_ratings": MIN_RATINGS_SHOWN,
    }
    return render(request, "entrepreneurship/mentor_list.html", context)


def mentor_detail(request, pk):
    mentor = get_object_or_404(mentor_selectors.public_mentors(), pk=pk)
    mentor_selectors.attach_next_slots([mentor])
    slots = mentor_selectors.slots_shown(mentor)
    context = {
        "mentor": mentor,
        "slots": slots,
        "slots_left": mentor_slots_left(slots),
        "can_book": is_veteran(request.user),
        "min_ratings": MIN_RATINGS_SHOWN,
    }
    return render(request, "entrepreneurship/mentor_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def slot_book(request, pk):
    slot = get_object_or_404(
        MentorSlot.objects.select_related("mentor"), pk=pk, mentor__status=MentorProfile.Status.APPROVED
    )
    form = BookingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        booking = call_service(form, mentors.booking_create, user=request.user, slot=slot, **form.cleaned_data)
        if booking:
            messages.success(request, _("Booked. The mentor has been notified."))
            return redirect("entrepreneurship:booking_list")
    intro = _("%(mentor)s · %(time)s") % {"mentor": slot.mentor, "time": slot}
    return form_page(
        request,
        form=form,
        title=_("Book a mentoring session"),
        submit=_("Book"),
        intro=intro,
        guide="mentor-booking",
        refusal=slot.booking_refusal(),
    )


def _my_bookings(user):
    return MentorBooking.objects.filter(Q(veteran=user) | Q(slot__mentor__user=user)).select_related(
        "slot__mentor__user", "veteran", "enterprise"
    )


@login_required
def booking_detail(request, pk):
    booking = get_object_or_404(_my_bookings(request.user), pk=pk)
    return render(request, "entrepreneurship/booking_detail.html", {"b": booking})


@login_required
def booking_list(request):
    items = _my_bookings(request.user).order_by("-slot__start")
    return render(
        request,
        "entrepreneurship/booking_list.html",
        {
            "items": items,
            "cancel_form": CancelForm(),
            "notes_form": NotesForm(),
            "rating_form": RatingForm(),
        },
    )


@login_required
@require_POST
def booking_action(request, pk, action):
    booking = get_object_or_404(_my_bookings(request.user), pk=pk)
    forms = {"cancel": CancelForm, "notes": NotesForm, "rate": RatingForm}
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("entrepreneurship:booking_list")
    data = form.cleaned_data
    calls = {
        "cancel": lambda: mentors.booking_cancel(booking=booking, user=request.user, reason=data["reason"]),
        "notes": lambda: mentors.booking_record_notes(
            booking=booking, user=request.user, notes=data["notes"], follow_up=data["follow_up"]
        ),
        "rate": lambda: mentors.booking_rate(
            booking=booking, user=request.user, rating=data["rating"], comment=data["comment"]
        ),
    }
    run_button(request, calls[action], done=_("Saved."))
    return redirect("entrepreneurship:booking_list")


@login_required
@require_http_methods(["GET", "POST"])
def mentor_apply(request):
    instance = MentorProfile.objects.filter(user=request.user).first()
    form = MentorApplyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in MentorApplyForm.Meta.fields}
        if call_service(form, mentors.mentor_apply, user=request.user, **data):
            messages.success(request, _("Your mentor profile is saved; staff will review it."))
            return redirect("entrepreneurship:mentor_slots")
    intro = ""
    if instance and instance.status == MentorProfile.Status.REJECTED:
        intro = _("Your application was not approved: %(reason)s. You may change it and apply again.") % {
            "reason": instance.rejection_reason
        }
    elif instance:
        intro = _("Status of your application: %(status)s") % {"status": instance.get_status_display()}
    return form_page(request, form=form, title=_("Become a mentor"), submit=_("Save"), intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_slots(request):
    profile = MentorProfile.objects.filter(user=request.user).first()
    if profile is None:
        return redirect("entrepreneurship:mentor_apply")
    form = SlotForm(request.POST or None)
    created = (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, mentors.slot_create, mentor=profile, **form.cleaned_data)
    )
    if created:
        messages.success(request, _("The slot is open for booking."))
        return redirect("entrepreneurship:mentor_slots")
    return render(
        request,
        "entrepreneurship/mentor_slots.html",
        {
            "profile": profile,
            "form": form,
            "slots": profile.slots.prefetch_related("bookings")[:100],
        },
        status=400 if form.errors else 200,
    )
