from celery import shared_task


@shared_task(name="news.publish_due")
def publish_due_articles() -> int:
    from portal.news.services import publish_due

    return publish_due()
