"""Deployment checks of MuseWave's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def require_auth_in_production(app_configs, **kwargs):
    if settings.DEBUG or settings.MUSEWAVE_REQUIRE_AUTH:
        return []
    return [
        Warning(
            "MUSEWAVE_REQUIRE_AUTH is off: anyone may write as any user named in a request body.",
            hint="Set MUSEWAVE_REQUIRE_AUTH=true in production once clients send tokens.",
            id="musewave.W001",
        )
    ]


@register(Tags.security, deploy=True)
def explicit_cors_origins(app_configs, **kwargs):
    if getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False):
        return [
            Warning(
                "CORS_ALLOW_ALL_ORIGINS is on; list the allowed origins instead.",
                id="musewave.W002",
            )
        ]
    return []
