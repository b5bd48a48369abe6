"""Counselling and legal aid (心理咨询、法律援助), mounted at /counsel/."""

from django.urls import path

from portal.counsel import views

app_name = "counsel"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.request_new, name="new"),
    path("requests/<int:pk>/", views.detail, name="detail"),
    path("requests/<int:pk>/book/", views.book, name="book"),
    path("requests/<int:pk>/rate/", views.rate, name="rate"),
    path("requests/<int:pk>/note/", views.note, name="note"),
    path("requests/<int:pk>/close/", views.close, name="close"),
    path("provider/", views.provider, name="provider"),
    path("staff/", views.queue, name="queue"),
    path("staff/requests/<int:pk>/assign/", views.assign, name="assign"),
]
