"""The benefit-card app's workspace sections (portal.pillars.WorkspaceSection) and the selectors counting their
items: the holder's card and next step, the merchant's counter (first: it is what a merchant opens the portal
for), offers and uses, and the staff queues of card applications and renewals."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits import selectors
from benefits.models import CardApplication, CardUse, Offer
from benefits.permissions import eligible_holder_kind, user_merchants
from portal.models import Organization, Role
from portal.permissions import is_bureau_staff, member_organizations
from portal.pillars import Link, Tally, WorkspaceSection


def card_next_steps(user) -> list[Link]:
    """Apply for a card when eligible and holding none, or correct an application sent back."""
    applications = CardApplication.objects.filter(applicant=user)
    if applications.filter(status=CardApplication.Status.CORRECTION).exists():
        return [Link("benefits.correct", _("Correct your benefit card application"), "benefits:apply")]
    waiting = applications.filter(status=CardApplication.Status.SUBMITTED).exists()
    if not waiting and selectors.holder_card(user) is None and eligible_holder_kind(user):
        return [Link("benefits.apply", _("Apply for a benefit card"), "benefits:apply")]
    return []


def my_card_uses(user) -> int:
    return selectors.holder_uses(user).count()


def is_merchant_organization_member(user) -> bool:
    """A member of a verified merchant organization, in the alliance or not yet (its home page offers to join)."""
    return member_organizations(user, org_type=Organization.Type.MERCHANT).exists()


def merchant_offers(user) -> int:
    return Offer.objects.filter(merchant__in=user_merchants(user)).count()


def merchant_uses_this_month(user) -> int:
    start = timezone.localdate().replace(day=1)
    return CardUse.objects.filter(merchant__in=user_merchants(user), used_at__date__gte=start).count()


def card_applications_waiting(user) -> int:
    return CardApplication.objects.filter(status=CardApplication.Status.SUBMITTED).count()


def renewals_waiting(user) -> int:
    return selectors.renewal_queue().count()


SECTIONS = (
    WorkspaceSection(
        key="benefits.holder",
        role=Role.VETERAN,
        title=_("Benefit card"),
        tallies=(Tally("benefits.uses", _("Times my card was used"), my_card_uses, "benefits:card"),),
        links=(
            Link("benefits.card", _("My benefit card"), "benefits:card", main=True),
            Link("benefits.offers", _("Preferential offers"), "benefits:offer_list"),
            Link("benefits.index", _("About the benefit card"), "benefits:index"),
        ),
        next_steps=card_next_steps,
    ),
    WorkspaceSection(
        key="benefits.merchant",
        role=Role.MERCHANT,
        title=_("Card counter and offers"),
        allowed=is_merchant_organization_member,
        tallies=(
            Tally(
                "benefits.merchant_uses",
                _("Cards verified this month"),
                merchant_uses_this_month,
                "benefits:merchant_home",
            ),
            Tally("benefits.merchant_offers", _("Our offers"), merchant_offers, "benefits:merchant_home"),
        ),
        links=(
            Link("benefits.verify", _("Verify a benefit card"), "benefits:verify", main=True),
            Link("benefits.merchant_home", _("Offers and card uses"), "benefits:merchant_home", main=True),
            Link("benefits.offer_new", _("Publish an offer"), "benefits:offer_new"),
        ),
    ),
    WorkspaceSection(
        key="benefits.staff",
        role=Role.STAFF,
        title=_("Benefit cards"),
        allowed=is_bureau_staff,
        tallies=(
            Tally(
                "benefits.applications",
                _("Card applications to review"),
                card_applications_waiting,
                "benefits:staff_home",
            ),
            Tally("benefits.renewals", _("Renewals to decide"), renewals_waiting, "benefits:renewal_queue"),
        ),
        links=(
            Link("benefits.staff_home", _("Card applications"), "benefits:staff_home", main=True),
            Link("benefits.statistics", _("Card statistics"), "benefits:staff_statistics"),
            Link("benefits.act_for", _("Card counter (act for a veteran)"), "benefits:act_for"),
        ),
    ),
)
