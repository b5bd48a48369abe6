"""Re-encrypt every stored personal-data value with the newest PII key (the first of PII_ENCRYPTION_KEYS).

Rotation: set PII_ENCRYPTION_KEYS=<new>,<old> (and PII_HASH_KEY=<old> if it is not set yet), deploy, run this
command, then remove <old> from PII_ENCRYPTION_KEYS. Every field holding `portal.crypto.encrypt` tokens is found by
introspection (`crypto.encrypted_fields()`), so fields added later are covered. Rows are locked and rewritten in
batches; values already under the newest key are skipped, so the command can be interrupted and run again.
A value no configured key decrypts stops the command with an error and leaves the current batch unchanged.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import crypto


class Command(BaseCommand):
    help = "Re-encrypt every encrypted personal-data column with the newest key in PII_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size: int, **options):
        total = 0
        for field in crypto.encrypted_fields():
            try:
                rotated = rotate_field(field, batch_size=batch_size)
            except crypto.DecryptionError as exc:
                raise CommandError(f"{field.model._meta.label}.{field.name}: {exc}") from exc
            total += rotated
            self.stdout.write(f"{field.model._meta.label}.{field.name}: {rotated} re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"{total} values now use the newest key."))


def rotate_field(field, *, batch_size: int = 1000) -> int:
    model, column = field.model, field.attname
    pending = model._base_manager.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True}).order_by("pk")
    last_pk, rotated = None, 0
    while True:
        # Locked while rewritten, so a concurrent save of the same row is not overwritten with the old value.
        with transaction.atomic():
            batch = pending if last_pk is None else pending.filter(pk__gt=last_pk)
            rows = list(batch.select_for_update().values_list("pk", column)[:batch_size])
            if not rows:
                return rotated
            last_pk = rows[-1][0]
            changed = [
                model(pk=pk, **{column: crypto.rotate(token)}) for pk, token in rows if not crypto.is_current(token)
            ]
            if changed:
                model._base_manager.bulk_update(changed, [column])
            rotated += len(changed)
