"""Bureau staff pages of this app: the residency and loan lists (filtered, exportable through the staff workbench's
export registry). Acting for a veteran (代办) is in views/acting.py."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.decorators import staff_required
from portal.permissions import can_see_full_id_number
from portal.staff import exports


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
