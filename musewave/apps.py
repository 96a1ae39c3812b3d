from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MusewaveConfig(AppConfig):
    name = "musewave"
    default = True  # of the two configurations in this module
    verbose_name = "MuseWave"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from musewave import (
            checks,  # noqa: F401  (registers the deploy checks)
            signals,  # noqa: F401  (connects the receivers)
        )


class MusewaveAdminConfig(admin_apps.AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS: `admin.site` is a MusewaveAdminSite,
    whose login is throttled like the API login."""

    default = False
    default_site = "musewave.admin_site.MusewaveAdminSite"
