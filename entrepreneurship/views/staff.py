"""Bureau staff pages of this app: the residency and loan lists (filtered, exportable through the staff workbench's
export registry) and acting for a veteran at the counter (代办): booking a mentoring session for them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entrepreneurship.forms import ActingBookingForm
from entrepreneurship.services import mentors
from entrepreneurship.views.common import call_service
from portal.decorators import staff_required
from portal.permissions import can_see_full_id_number
from portal.staff import acting, exports
from portal.staff.services import acting_record


def _list_page(request, key, title):
    definition = exports.registered_exports()[key]
    filters, form = definition.filters_from(request.GET)
    page = Paginator(definition.queryset(filters, request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "entrepreneurship/staff_list.html",
        {
            "title": title,
            "form": form,
            "page": page,
            "definition": definition,
            "can_unmask": can_see_full_id_number(request.user),
        },
    )


@staff_required
def residency_list(request):
    return _list_page(request, "residencies", _("Incubator residencies"))


@staff_required
def loan_list(request):
    return _list_page(request, "loan-applications", _("Startup loan applications"))


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
