from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        import portal.signals  # noqa: F401  (receivers)
        from portal import checks  # noqa: F401 (registers the deployment checks on secrets)
        from portal.reference_data import ensure_reference_data
        from portal.roles import ensure_role_groups
        from portal.services import access  # noqa: F401  (connects the audit of sensitive permission changes)

        # After every app's migrations (not just portal's): the staff group needs the pillar apps' permissions,
        # which exist only once their own post_migrate has run.
        post_migrate.connect(ensure_role_groups, dispatch_uid="portal-role-groups")
        # `flush` (used between transactional tests) empties tables a data migration filled: refill them.
        post_migrate.connect(ensure_reference_data, sender=self)
        # A row's files (photos, résumés, import files) are deleted with it, in every app.
        from portal.uploads import connect_file_cleanup

        connect_file_cleanup()
        # What the header and menu show of a signed-in user is cached (portal.user_cache); changes make it stale.
        from portal import user_cache_signals

        user_cache_signals.connect()

        from portal.pillar import PILLAR
        from portal.pillars import register

        register(PILLAR)
