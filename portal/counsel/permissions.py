"""Who may see and do what in counselling and legal aid. A request's content is the requester's, the assigned
provider's and the assigned staff member's only: any other staff member sees the queue's non-content fields
(kind, status, date) and may assign an unassigned request, which makes them its assigned staff member."""

from portal.permissions import is_bureau_staff, is_family_member, is_veteran


def provider_of(user):
    """The user's active Provider record, or None."""
    if not user.is_authenticated:
        return None
    provider = getattr(user, "counsel_provider", None)
    return provider if provider is not None and provider.active else None


def can_request(user) -> bool:
    return is_veteran(user) or is_family_member(user)


def is_provider_of(user, request) -> bool:
    provider = provider_of(user)
    return provider is not None and request.provider_id == provider.pk


def can_read(user, request) -> bool:
    """The request's content: description, preferred times, appointment, outcome notes."""
    if not user.is_authenticated:
        return False
    return (
        request.requester_id == user.pk
        or is_provider_of(user, request)
        or (request.assigned_staff_id == user.pk and is_bureau_staff(user))
    )


def can_read_note(user, request, note) -> bool:
    if is_provider_of(user, request) or (request.assigned_staff_id == user.pk and is_bureau_staff(user)):
        return True
    return note.shareable and request.requester_id == user.pk


def can_assign(user, request) -> bool:
    return is_bureau_staff(user) and request.status == request.Status.OPEN


def can_manage_providers(user) -> bool:
    return is_bureau_staff(user)


def can_book(user, request) -> bool:
    return user.is_authenticated and request.requester_id == user.pk


def can_rate(user, request) -> bool:
    return user.is_authenticated and request.requester_id == user.pk


def can_record_outcome(user, request) -> bool:
    return is_provider_of(user, request)
