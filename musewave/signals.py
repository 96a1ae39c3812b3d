"""Receivers that keep derived data right however a row is deleted: through a service, the
admin, or the cascade of deleting its owner."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from musewave.models import Track, User
from musewave.services.playlists import playlists_forget_track
from musewave.services.rollups import rollups_user_deleted


@receiver(pre_delete, sender=Track, dispatch_uid="musewave_track_leaves_playlists")
def track_leaves_playlists(sender, instance: Track, **kwargs) -> None:
    # Before the cascade deletes its items: they go, and the positions after them close up.
    playlists_forget_track(track_id=instance.pk)


@receiver(pre_delete, sender=User, dispatch_uid="musewave_user_plays_become_anonymous")
def user_plays_become_anonymous(sender, instance: User, **kwargs) -> None:
    # Before the plays' user is set to null: the rollups count them as anonymous from now on.
    rollups_user_deleted(user_id=instance.pk)
