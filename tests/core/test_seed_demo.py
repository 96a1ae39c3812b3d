from io import StringIO

from django.core.management import call_command
from django.db.models import Count

from musewave.models import Album, Comment, Follow, Like, Play, Playlist, PlaylistItem, Track, User
from musewave.selectors.stats import user_stats


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


MODELS = (User, Track, Album, Like, Follow, Play, Comment, Playlist, PlaylistItem)


def snapshot() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in MODELS)


def test_demo_catalogue_is_realistic_and_idempotent(db):
    seed()
    users, tracks, albums, likes, follows, plays, comments, playlists, items = snapshot()
    assert users == 52 and tracks == 50 and plays == 3000
    assert albums >= 3 and likes > 0 and follows > 0 and comments > 0
    artists = User.objects.annotate(n=Count("tracks")).filter(n__gt=0)
    assert artists.count() >= 10
    assert Track.objects.values("genre").distinct().count() >= 8
    assert Track.objects.values("mood").distinct().count() >= 5
    # Plays are spread over the last 60 days, and counters equal the rows behind them.
    days = {p.date() for p in Play.objects.values_list("created_at", flat=True)}
    assert len(days) > 40
    for track in Track.objects.all():
        assert track.plays == track.play_set.count()
        assert track.likes == track.like_set.count()
    assert User.objects.get(username="luna_waves").check_password("musewave-demo-2026")
    assert user_stats(user=User.objects.get(username="luna_waves")).total_tracks > 0
    assert playlists == 4 and items >= 20
    for playlist in Playlist.objects.all():
        positions = list(playlist.items.order_by("position").values_list("position", flat=True))
        assert positions == list(range(playlist.track_count))

    seed()
    assert snapshot() == (users, tracks, albums, likes, follows, plays, comments, playlists, items)


def test_if_empty_leaves_an_existing_database_alone(alice):
    assert "already has data" in seed("--if-empty")
    assert snapshot() == (1, 0, 0, 0, 0, 0, 0, 0, 0)


def test_seed_scales_up(db):
    seed("--users", "30", "--tracks", "80", "--plays", "12000")
    assert (User.objects.count(), Track.objects.count(), Play.objects.count()) == (30, 80, 12000)
    assert sum(Track.objects.values_list("plays", flat=True)) == 12000
