"""Celery tasks of the benefits app (beat): expire cards, warn holders 30 days before expiry."""

from celery import shared_task


@shared_task(name="benefits.expire_cards", time_limit=600)
def expire_cards() -> int:
    from benefits.services.cards import cards_expire

    return cards_expire()


@shared_task(name="benefits.notify_expiring_cards", time_limit=1800)
def notify_expiring_cards() -> int:
    from benefits.services.cards import cards_notify_expiring

    return cards_notify_expiring()
