"""Re-encode stored photos and résumé scans that still carry EXIF/GPS or other metadata (files stored before
uploads were re-encoded on save). Safe to run again: clean files are left alone."""

from django.core.management.base import BaseCommand

from portal.uploads import stored_images_sanitize


class Command(BaseCommand):
    help = "Re-encode stored images that still carry EXIF/GPS or other metadata."

    def handle(self, *args, **options):
        counts = stored_images_sanitize()
        self.stdout.write(
            "re-encoded {sanitized}, already clean {clean}, "
            "skipped (missing, not an image, too large) {skipped}".format(**counts)
        )
