from django.apps import AppConfig


class MusewaveConfig(AppConfig):
    name = "musewave"
    verbose_name = "MuseWave"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from musewave import checks  # noqa: F401  (registers the deploy checks)
