from musewave.models import Track


def test_track_fixture(track, alice):
    assert Track.objects.get(pk=track.pk).owner == alice
    assert alice.password.startswith("argon2$")
