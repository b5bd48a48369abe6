"""Benefit cards (优待证/拥军卡): applications, issued cards, the merchant alliance, offers and recorded uses, one
module per concept."""

from benefits.models.cards import (
    RENEWAL_WINDOW_DAYS,
    Card,
    CardApplication,
    CardRenewal,
    HolderKind,
    new_token_id,
    photo_upload_to,
)
from benefits.models.merchants import (
    Industry,
    Merchant,
    Offer,
    OfferLocation,
    alliance_merchant_q,
    offer_current_q,
    offer_for_holder_q,
)
from benefits.models.uses import CardUse

__all__ = [
    "RENEWAL_WINDOW_DAYS",
    "Card",
    "CardApplication",
    "CardRenewal",
    "CardUse",
    "HolderKind",
    "Industry",
    "Merchant",
    "Offer",
    "OfferLocation",
    "alliance_merchant_q",
    "new_token_id",  # default of Card.token_id, referenced by migration 0001
    "offer_current_q",
    "offer_for_holder_q",
    "photo_upload_to",  # upload_to of the photos, referenced by migrations 0001 and 0005
]
