"""The services' validators against arbitrary input: a write either succeeds or raises the
domain's ValidationFailed, never anything else, and a refused write stores nothing."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musewave import services
from musewave.errors import ValidationFailed
from musewave.models import Comment, Play, Track, User

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text as clients send it, NUL characters included (PostgreSQL refuses them in text columns).
any_text = st.one_of(st.text(max_size=600), st.text(max_size=5).map(lambda t: f"ok{t}\x00"))
any_value = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), any_text, st.lists(any_text, max_size=3)
)


@PROPERTY_SETTINGS
@given(username=any_value, email=any_value, password=any_value, bio=any_value)
def test_user_create_accepts_or_refuses_cleanly(db, username, email, password, bio):
    before = User.objects.count()
    try:
        user = services.user_create(username=username, email=email, password=password, bio=bio)
    except ValidationFailed as exc:
        assert exc.message
        assert User.objects.count() == before
    else:
        assert user.check_password(password)
        User.objects.filter(pk=user.pk).delete()


@PROPERTY_SETTINGS
@given(
    title=any_value,
    genre=any_value,
    tags=any_value,
    size=any_value,
    duration=any_value,
    bpm=any_value,
)
def test_track_create_accepts_or_refuses_cleanly(alice, title, genre, tags, size, duration, bpm):
    before = Track.objects.count()
    try:
        track = services.track_create(
            actor=alice, title=title, artist="A", artist_slug="a", genre=genre,
            audio_url="https://cdn.example.com/a.mp3", audio_file_size=size,
            audio_duration=duration, audio_format="mp3", tags=tags, bpm=bpm,
        )  # fmt: skip
    except ValidationFailed:
        assert Track.objects.count() == before
    else:
        track.refresh_from_db()
        assert track.audio_duration >= 0
        track.delete()


@PROPERTY_SETTINGS
@given(duration=any_value, completed=any_value, ip=any_value, agent=any_value)
def test_play_record_accepts_or_refuses_cleanly(track, duration, completed, ip, agent, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    track.refresh_from_db()
    before = (track.plays, Play.objects.count())
    try:
        services.play_record(
            actor=None, track=track, duration=duration, completed=completed,
            ip_address=ip, user_agent=agent,
        )  # fmt: skip
    except ValidationFailed:
        track.refresh_from_db()
        assert (track.plays, Play.objects.count()) == before
    else:
        track.refresh_from_db()
        assert (track.plays, Play.objects.count()) == (before[0] + 1, before[1] + 1)


@PROPERTY_SETTINGS
@given(body=any_value, position=any_value)
def test_comment_create_accepts_or_refuses_cleanly(track, bob, body, position):
    before = Comment.objects.count()
    try:
        services.comment_create(actor=bob, track=track, body=body, position=position)
    except ValidationFailed:
        assert Comment.objects.count() == before
    else:
        assert Comment.objects.count() == before + 1
