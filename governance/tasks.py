from celery import shared_task

from governance import retention, services


@shared_task(name="governance.tasks.sar_build_task", acks_late=True)
def sar_build_task(sar_id: int) -> bool:
    return services.sar_build(sar_id=sar_id)


@shared_task(name="governance.tasks.retention_list_due_task")
def retention_list_due_task() -> int:
    return retention.retention_list_due().pk
