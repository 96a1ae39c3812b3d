"""Health endpoints for load balancers and orchestrators (django-health-check).

- `GET /health/live`: 200 while the process serves requests; it checks nothing else, so a slow
  database never gets a healthy process restarted.
- `GET /health/ready`: checks every dependency a request may need, concurrently and each within
  HEALTH_CHECK_TIMEOUT_SECONDS, and answers 200 when all work, 503 when any does not, with
  `{"status": …, "components": {"database": "ok", "cache": "unavailable", …}}`. The body names
  components and states only: the reasons go to the log, never to the client.

Both are cheap (a `SELECT 1`, one cache write and read, one tiny file saved and deleted), never
cached, and outside CORS and the abuse limits.
"""

import asyncio
import dataclasses
import datetime
import logging
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check import Cache, Database, HealthCheck, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"


@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": OK})


@dataclasses.dataclass
class CeleryBroker(HealthCheck):
    """Connect to the Celery app's broker, with the app's own connection settings."""

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=3), repr=False
    )

    def run(self) -> None:
        from config.celery import app

        seconds = self.timeout.total_seconds()
        try:
            with app.connection_for_write(connect_timeout=seconds) as connection:
                connection.ensure_connection(max_retries=0, timeout=seconds)
        except Exception as exc:
            raise ServiceUnavailable("Broker unreachable") from exc


@dataclasses.dataclass
class ChannelLayer(HealthCheck):
    """Send one message to a fresh channel of the channel layer and receive it back."""

    alias: str = "default"

    async def run(self) -> None:
        from channels.layers import get_channel_layer

        layer = get_channel_layer(self.alias)
        try:
            channel = await layer.new_channel()
            await layer.send(channel, {"type": "health.check"})
            message = await layer.receive(channel)
        except Exception as exc:
            raise ServiceUnavailable("Channel layer unreachable") from exc
        if message.get("type") != "health.check":
            raise ServiceUnavailable("Channel layer returned another message")


def _has_broker() -> bool:
    """Celery has a broker of its own (not the in-process memory transport of eager mode)."""
    from config.celery import app

    return not app.conf.task_always_eager and not app.conf.broker_url.startswith("memory://")


def readiness_checks() -> Iterator[tuple[str, HealthCheck]]:
    """Each component to check, by the name the report gives it."""
    timeout = datetime.timedelta(seconds=settings.HEALTH_CHECK_TIMEOUT_SECONDS)
    database = Database(alias="default")
    database.timeout = timeout
    yield "database", database
    # The cache is Redis when REDIS_URL is set (throttles and cached figures live there).
    yield "cache", Cache(alias="default", timeout=timeout)
    storage = Storage(alias="default")
    storage.timeout = timeout
    yield "storage", storage
    if _has_broker():
        yield "broker", CeleryBroker(timeout=timeout)
    if getattr(settings, "CHANNEL_LAYERS", None):
        channel_layer = ChannelLayer()
        channel_layer.timeout = timeout
        yield "channel_layer", channel_layer


class ReadinessView(HealthCheckView):
    """django-health-check's view, answering MuseWave's JSON report with 200 or 503."""

    http_method_names = ["get", "head"]

    async def get(self, request: HttpRequest, *args, **kwargs) -> JsonResponse:
        names, checks = zip(*readiness_checks(), strict=True)
        with self.get_executor() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for check in checks))
        components = {
            name: OK if result.error is None else UNAVAILABLE
            for name, result in zip(names, results, strict=True)
        }
        healthy = all(state == OK for state in components.values())
        if not healthy:
            logger.warning(
                "Not ready: %s",
                ", ".join(name for name, state in components.items() if state != OK),
                extra={"components": components},
            )
        # The base view's dispatch marks the answer as never to be cached.
        response = JsonResponse(
            {"status": OK if healthy else UNAVAILABLE, "components": components},
            status=200 if healthy else 503,
        )
        # The warning above says why; Django's own error line for a 5xx (which error reporting
        # would turn into an event per probe) adds nothing.
        response._has_been_logged = True
        return response


ready = ReadinessView.as_view()
