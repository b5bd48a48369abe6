"""The public offer list (search by text, industry and city) and offer details."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from benefits import selectors
from benefits.forms import OfferSearchForm
from portal.replica import reads_from_replica


@reads_from_replica
def offer_list(request):
    form = OfferSearchForm(request.GET or None)
    offers = selectors.published_offers()
    if form.is_valid():
        if form.cleaned_data["industry"]:
            offers = offers.filter(industry=form.cleaned_data["industry"])
        if form.cleaned_data["region"]:
            offers = selectors.offers_in_region(offers, form.cleaned_data["region"].code)
        if form.cleaned_data["q"]:
            offers = selectors.offers_search(offers, form.cleaned_data["q"])
    page = Paginator(offers, 20).get_page(request.GET.get("page"))
    return render(request, "benefits/offer_list.html", {"form": form, "page": page})


def offer_detail(request, pk):
    offer = get_object_or_404(selectors.published_offers(), pk=pk)
    return render(request, "benefits/offer_detail.html", {"offer": offer})
