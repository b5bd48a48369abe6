import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Person-job matching and targeted push: a sub-app of jobs with its own migrations."""

    name = "jobs.matching"
    label = "jobs_matching"
    verbose_name = _("Matching and job push")

    def ready(self):
        from jobs.matching.pillar import PILLAR
        from portal.events import training_graduated, veteran_profile_changed
        from portal.pillars import register

        post_migrate.connect(_ensure_crosswalk, sender=self)
        training_graduated.connect(_propose_positions, dispatch_uid="jobs-matching-training-graduated")
        veteran_profile_changed.connect(_refresh_matches, dispatch_uid="jobs-matching-veteran-profile-changed")
        register(PILLAR)

        from jobs.matching import read_cache

        read_cache.connect()


def _propose_positions(*, enrollment_id, user_id, course_title, occupation_ids, **_kwargs):
    """Runs inside the completion's transaction: only queue the proposal, for after it commits."""
    from jobs.matching.tasks import propose_positions_to_graduate

    propose_positions_to_graduate.delay_on_commit(enrollment_id, user_id, str(course_title), list(occupation_ids))


def _refresh_matches(*, profile_id, **_kwargs):
    """Runs inside the profile save's transaction: queue the refresh of stored match lists for after it commits."""
    from jobs.matching.tasks import veteran_matches_refresh

    veteran_matches_refresh.delay_on_commit(profile_id)


def _ensure_crosswalk(**_kwargs):
    """`flush` (between transactional tests) empties what the data migration loaded: load the crosswalk again."""
    from django.apps import apps

    from jobs.matching.models import SpecialtyOccupation

    if not SpecialtyOccupation.objects.exists():
        importlib.import_module("jobs.matching.migrations.0002_crosswalk_data").load(apps, None)
