"""Pages of policy and news, mounted at /news/ (public) with the staff editor under /news/staff/."""

from django.urls import path

from portal.news import staff_views, views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment"),
    path("staff/", staff_views.staff_list, name="staff_list"),
    path("staff/new/", staff_views.staff_edit, name="staff_new"),
    path("staff/<int:pk>/", staff_views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/publish/", staff_views.staff_publish, name="staff_publish"),
    path("staff/<int:pk>/withdraw/", staff_views.staff_withdraw, name="staff_withdraw"),
    path("staff/<int:pk>/attach/", staff_views.staff_attach, name="staff_attach"),
]
