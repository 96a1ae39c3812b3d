"""Error reporting to Sentry (on when SENTRY_DSN is set).

Unhandled errors of Django views (under WSGI and ASGI alike) and, when Celery is installed, of
its tasks are reported with the request id as the `request_id` tag, so that a report, a log line
and a client's error body can be matched.

No personal data is sent. `data_collection` is the SDK's successor of `send_default_pii` (which
it deprecates) and is set stricter than `send_default_pii=False`: no user, no cookies, no
request bodies, no forwarding or address headers, no GraphQL documents or variables, no local
variables of stack frames (a request's text holds its query string); sensitive header and query
names are filtered by the SDK, and exception messages and breadcrumbs are redacted as the log
lines are.
"""

from typing import Any

import sentry_sdk
from django_guid import get_guid
from sentry_sdk.integrations import DidNotEnable
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import unignore_logger
from sentry_sdk.integrations.strawberry import StrawberryIntegration

from config.logs import redact

DATA_COLLECTION = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {
        "request": {"mode": "denylist", "terms": ["forwarded", "-ip", "remote-", "via", "-user"]}
    },
    "http_bodies": [],
    "url_query_params": {"mode": "denylist"},
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
}


def _redacted(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


def _before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    request_id = get_guid()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = _redacted(exception.get("value"))
    logentry = event.get("logentry") or {}
    for key in ("message", "formatted"):
        if key in logentry:
            logentry[key] = _redacted(logentry[key])
    if "params" in logentry:
        logentry["params"] = [_redacted(param) for param in logentry["params"] or []]
    breadcrumbs = event.get("breadcrumbs") or {}
    for crumb in breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else breadcrumbs:
        crumb["message"] = _redacted(crumb.get("message"))
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
        disabled_integrations=[StrawberryIntegration()],
        data_collection=DATA_COLLECTION,
        traces_sample_rate=traces_sample_rate,
        before_send=_before_send,
        before_send_transaction=_before_send,
        **options,
    )
    # GraphQL: the Strawberry integration would report internal errors after the schema masked
    # them, without their cause. The schema logs each one with its traceback instead, and the
    # logging integration reports that (the Strawberry module mutes this logger on import).
    unignore_logger("strawberry.execution")
