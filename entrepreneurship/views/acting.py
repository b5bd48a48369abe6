"""Acting for a veteran at the counter (代办, portal/staff/acting.py contract): booking a mentoring session."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entrepreneurship.forms import ActingBookingForm
from entrepreneurship.services import mentors
from entrepreneurship.views.common import call_service
from portal.staff import acting
from portal.staff.services import acting_record


@acting.acting_required
@require_http_methods(["GET", "POST"])
def act_book_mentor(request):
    veteran_user = request.acting_for
    form = ActingBookingForm(request.POST or None, user=veteran_user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        slot = data.pop("slot")
        booking = call_service(form, mentors.booking_create, user=veteran_user, slot=slot, **data)
        if booking:
            acting_record(
                request=request,
                veteran_user=veteran_user,
                action="entrepreneurship.mentor_book",
                target=booking,
                detail={"slot": slot.pk, "topic": booking.topic},
            )
            messages.success(request, _("The mentoring session has been booked for the veteran."))
            return redirect("portal:staff_act_home")
    return render(
        request,
        "staff/act_form.html",
        {"form": form, "veteran": veteran_user, "title": _("Book a mentoring session")},
        status=400 if form.errors else 200,
    )
