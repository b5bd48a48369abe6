import datetime

from django.utils import timezone

from portal.counsel import services
from tests.factories import StaffFactory, UserFactory, VeteranFactory


def case(kind="legal", *, booked=False):
    """A veteran's request, assigned by a staff member to a provider of the right kind, with a free slot."""
    veteran, staff = VeteranFactory(), StaffFactory()
    provider = services.provider_mark(
        user=UserFactory(), staff_user=staff, kind="lawyer" if kind == "legal" else "counsellor"
    )
    request = services.request_create(
        user=veteran, kind=kind, description="欠薪三个月，想申请劳动仲裁", preferred_times="周六上午"
    )
    services.request_assign(request=request, staff_user=staff, provider=provider)
    slot = services.slot_add(
        provider=provider, starts_at=timezone.now() + datetime.timedelta(days=2), minutes=60, place="区法律援助中心"
    )
    if booked:
        services.request_book(request=request, user=veteran, slot=slot)
    request.refresh_from_db()
    return request, veteran, staff, provider, slot
