from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EntrepreneurshipConfig(AppConfig):
    name = "entrepreneurship"
    verbose_name = _("Entrepreneurship")

    def ready(self):
        from entrepreneurship.personal_data import erase, export
        from portal.registry import register_personal_data
        from portal.roles import ensure_role_groups
        from portal.staff.acting import register_action

        register_personal_data("entrepreneurship", exporter=export, eraser=erase)
        register_action(
            "entrepreneurship.mentor_book", _("Book a mentoring session"), "entrepreneurship:staff_act_book_mentor"
        )
        # The shell grants the staff group its permissions after portal's own post_migrate, before this app's
        # permissions exist; run it again once they do, so bureau staff can use this app's admin.
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="entrepreneurship_role_groups")
