"""ASGI entry point: HTTP goes to Django (REST, GraphQL over HTTP, admin, static files); a
WebSocket to /graphql is a GraphQL subscription connection (Django Channels)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Django is set up before anything that imports models.
django_application = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import re_path  # noqa: E402

from schema.live.consumer import live_consumer  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": URLRouter([re_path(r"^graphql/?$", live_consumer())]),
    }
)
