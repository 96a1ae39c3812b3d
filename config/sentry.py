"""Error reporting to Sentry (on when SENTRY_DSN is set).

Unhandled errors of Django views (under WSGI and ASGI alike) are reported with the request id as
the `request_id` tag, so a report, a log line and a client's error body can be matched. No
personal data is sent: no user, address, cookies or Authorization header (`send_default_pii`
off), and the SDK's scrubber removes values named like passwords, tokens and secrets.
"""

from typing import Any

import sentry_sdk
from django_guid import get_guid
from sentry_sdk.integrations import DidNotEnable
from sentry_sdk.integrations.django import DjangoIntegration


def _tag_request_id(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    request_id = get_guid()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def sentry_integrations() -> list:
    """Django always; Celery when it is installed."""
    integrations: list = [DjangoIntegration()]
    try:
        from sentry_sdk.integrations.celery import CeleryIntegration
    except DidNotEnable:
        pass
    else:
        integrations.append(CeleryIntegration())
    return integrations


def sentry_init(
    *, dsn: str, environment: str, traces_sample_rate: float = 0.0, **options: Any
) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=sentry_integrations(),
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
        before_send=_tag_request_id,
        before_send_transaction=_tag_request_id,
        **options,
    )
