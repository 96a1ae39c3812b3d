"""Background jobs log like requests: with Django's logging configuration, and with the request
id of the request that queued them (a job queued outside a request gets an id of its own).

The id travels in the task message's `request_id` header. A job run in-process (eager mode, in
development and tests) simply keeps the id of the request it runs in. django-guid's Celery
integration is not used because it gives eager jobs a new id and then clears it, leaving the rest
of the request without one.
"""

from logging.config import dictConfig
from typing import Any

from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun
from django.conf import settings
from django_guid import clear_guid, get_guid, set_guid
from django_guid.utils import generate_guid

HEADER = "request_id"


@before_task_publish.connect
def _send_request_id(headers: dict[str, Any], **kwargs: Any) -> None:
    request_id = get_guid()
    if request_id:
        headers[HEADER] = request_id


@task_prerun.connect
def _adopt_request_id(task, **kwargs: Any) -> None:
    if not task.request.is_eager:
        set_guid(task.request.get(HEADER) or generate_guid())


@task_postrun.connect
def _forget_request_id(task, **kwargs: Any) -> None:
    if not task.request.is_eager:
        clear_guid()


@setup_logging.connect
def _django_logging(**kwargs: Any) -> None:
    """The worker writes the same lines as the web processes (JSON in production)."""
    dictConfig(settings.LOGGING)
