"""The Celery app: configuration from Django settings (CELERY_*), tasks discovered in every app's tasks.py."""

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _fresh_replica_routing(**kwargs):
    # A worker thread runs task after task: what one task wrote must not pin the next one to the primary.
    from portal import replica

    replica.start()
