"""Access predicates of the benefits app, shared by pages, the API and the admin."""

from django.db.models import Min

from benefits.models import Card, Merchant
from portal.models import FamilyMemberProfile, VeteranProfile
from portal.permissions import is_bureau_staff, member_organizations


def eligible_holder_kind(user) -> str | None:
    """'veteran' for a verified veteran, 'family' for a verified family member linked to a veteran, else None."""
    if not user.is_authenticated:
        return None
    # Read from the database, not a cached related object: verification may have just changed.
    if VeteranProfile.objects.filter(user=user).verified().exists():
        return "veteran"
    if FamilyMemberProfile.objects.filter(user=user, verified=True, veteran__isnull=False).exists():
        return "family"
    return None


def user_merchants(user):
    """Alliance merchants (active, of a verified merchant organization) the user is a member of."""
    if not user.is_authenticated:
        return Merchant.objects.none()
    orgs = member_organizations(user, verified_only=False)
    return Merchant.objects.alliance().filter(organization__in=orgs).select_related("organization", "industry")


def first_merchant_id(user) -> int | None:
    """The id of the user's first alliance merchant (the one the counter acts for unless told otherwise), or None.
    min() and not order_by("pk").first(), which PostgreSQL plans as a walk along all merchants' primary key."""
    return user_merchants(user).aggregate(first=Min("pk"))["first"]


def is_merchant_member(user) -> bool:
    return user_merchants(user).exists()


def can_manage_cards(user) -> bool:
    return is_bureau_staff(user)


def can_see_card(user, card: Card) -> bool:
    return card.holder_id == user.pk or is_bureau_staff(user)


def can_view_card_photo(user, card: Card, *, merchant_id: int | None = None) -> bool:
    """The holder and bureau staff; besides them only a member of the merchant the card was just verified at
    (`merchant_id`, carried by the signed photo link of that verification result) — to compare faces, not to
    browse holders."""
    if not user.is_authenticated:
        return False
    if can_see_card(user, card):
        return True
    return merchant_id is not None and user_merchants(user).filter(pk=merchant_id).exists()
