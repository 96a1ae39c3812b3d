"""The Celery app of MuseWave: background jobs such as audio processing.

Configured from Django's settings (the `CELERY_*` names); tasks are found in each app's
`tasks.py` and in `musewave/media/tasks.py`. Start a worker with
`celery -A config worker --loglevel=INFO` (the README's "Production" section).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("musewave")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["musewave.media"])
from config import task_context  # noqa: E402,F401  (request ids and logging in jobs)
