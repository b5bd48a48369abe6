import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs and job fairs")

    def ready(self):
        from jobs.pillar import PILLAR
        from portal.pillars import register

        register(PILLAR)

        from jobs.calendar import notice_attachments
        from portal.services.notifications import register_email_attachments

        register_email_attachments("jobs_interview", notice_attachments)

        from jobs import page_cache

        page_cache.connect()
        post_migrate.connect(_thesaurus_after_flush, sender=self)


def _thesaurus_after_flush(using, **kwargs):
    """`flush` (between transactional tests, or by hand) empties the thesaurus migration 0005 seeded: seed it again,
    as a fresh `migrate` would. `migrate` itself (which passes its plan) leaves it alone, so a deployment never puts
    back words the staff removed."""
    if "plan" in kwargs:
        return
    from jobs.models import SearchSynonym

    if SearchSynonym.objects.using(using).exists():
        return
    seeded = importlib.import_module("jobs.migrations.0005_seed_search_synonyms")
    rows = [SearchSynonym(kind="synonyms", term=term, words=words) for term, words in seeded.SYNONYMS]
    rows += [SearchSynonym(kind="alias", term=term, words=words) for term, words in seeded.ALIASES]
    SearchSynonym.objects.using(using).bulk_create(rows, ignore_conflicts=True)
