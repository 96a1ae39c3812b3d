"""Receivers that keep derived data right however a row is deleted: through a service, the
admin, or the cascade of deleting its owner."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from musewave.models import Track
from musewave.services.playlists import playlists_forget_track


@receiver(pre_delete, sender=Track, dispatch_uid="musewave_track_leaves_playlists")
def track_leaves_playlists(sender, instance: Track, **kwargs) -> None:
    # Before the cascade deletes its items: they go, and the positions after them close up.
    playlists_forget_track(track_id=instance.pk)
