"""Demo one-stop applications: demo-veteran's (the card part refused, as they already hold a card; the others
filed) and one filed at the counter by demo-staff for demo-vet03. Idempotent: skipped once any bundle exists."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.models import OccupationCategory, User
from portal.onestop import services
from portal.onestop.models import OneStopBundle
from training.views.acting import open_classes_for


def _photo() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (300, 400), (196, 180, 160)).save(buf, "PNG")
    return SimpleUploadedFile("photo.png", buf.getvalue(), content_type="image/png")


def _file(veteran_user, created_by, acting_staff=None, **extra) -> None:
    profile = veteran_user.veteran_profile
    services.onestop_submit(
        veteran_user=veteran_user,
        created_by=created_by,
        acting_staff=acting_staff,
        photo=_photo(),
        station=profile.region,
        # Their intentions as registered (a veteran without any gets two occupations of the list).
        desired_categories=list(profile.desired_categories.all())
        or OccupationCategory.objects.filter(parent__isnull=False).order_by("code")[:2],
        desired_regions=list(profile.desired_regions.all()),
        training_class=open_classes_for(veteran_user).first(),
        **extra,
    )


def seed_demo(*, stdout, accounts: dict) -> None:
    if OneStopBundle.objects.exists():
        return
    veteran, staff = accounts.get("demo-veteran"), accounts.get("demo-staff")
    if veteran is not None and hasattr(veteran, "veteran_profile"):
        _file(veteran, veteran, counselling=True, note="想了解物流行业的岗位")
    other = User.objects.filter(username="demo-vet03", veteran_profile__isnull=False).first()
    if other is not None and staff is not None:
        _file(other, staff, acting_staff=staff, entrepreneurship=True, note="有开办汽修店的打算")
    stdout.write(f"onestop: {OneStopBundle.objects.count()} one-stop applications")
