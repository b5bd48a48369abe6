from django.urls import path

from entrepreneurship import views

app_name = "entrepreneurship"

urlpatterns = [
    path("", views.index, name="index"),
]
