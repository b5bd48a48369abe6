"""Pages of the entrepreneurship app."""

from django.shortcuts import render


def index(request):
    return render(request, "entrepreneurship/index.html")
