"""Print the Celery beat schedule: the union of the pillars' periodic tasks (portal.pillars), one entry a line."""

from django.core.management.base import BaseCommand

from portal.pillars import pillars


class Command(BaseCommand):
    help = "List every periodic task: the pillar that declares it, its name, its task and its schedule."

    def handle(self, *args, **options):
        for pillar in pillars():
            for key, entry in pillar.beat_schedule.items():
                self.stdout.write(f"{pillar.label}\t{key}\t{entry['task']}\t{entry['schedule']}")
