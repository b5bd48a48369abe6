from celery import shared_task


@shared_task(name="care.plan_visits")
def plan_visits() -> int:
    from portal.care.services import care_visits_plan

    return care_visits_plan()
