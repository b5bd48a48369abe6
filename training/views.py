"""Pages of the training app."""

from django.shortcuts import render


def index(request):
    return render(request, "training/index.html")
