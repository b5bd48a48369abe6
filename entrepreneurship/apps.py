from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EntrepreneurshipConfig(AppConfig):
    name = "entrepreneurship"
    verbose_name = _("Entrepreneurship")

    def ready(self):
        from entrepreneurship.pillar import PILLAR
        from portal.pillars import register
        from portal.roles import ensure_role_groups

        register(PILLAR)
        # The shell grants the staff group its permissions after portal's own post_migrate, before this app's
        # permissions exist; run it again once they do, so bureau staff can use this app's admin.
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="entrepreneurship_role_groups")
