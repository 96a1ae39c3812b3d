"""One visibility rule for every list, count and statistic of the REST API: a draft is not
revealed to others (with MUSEWAVE_REQUIRE_AUTH on; legacy deployments show drafts to everyone),
and a deactivated user is neither listed nor counted."""

import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from musewave import services
from musewave.models import User

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {RefreshToken.for_user(user).access_token}"}


@pytest.fixture
def draft(make_track, alice):
    draft = make_track(owner=alice, title="Draft", published=False)
    services.like_create(actor=alice, track=draft)
    return draft


def test_has_liked_does_not_reveal_a_draft_to_others(api, settings, draft, alice, bob):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    url = f"/musewave/tracks/{draft.pk}/like/{alice.pk}/"
    for headers in ({}, bearer(bob)):
        response = api.get(url, **headers)
        assert (response.status_code, response.json()) == (404, {"message": "Not found."})
    assert api.get(url, **bearer(alice)).json() == {"hasLiked": True}


def test_legacy_deployments_show_drafts_to_everyone_consistently(api, draft, alice, track):
    assert api.get(f"/musewave/tracks/{draft.pk}/like/{alice.pk}/").json() == {"hasLiked": True}
    stats = api.get(f"/musewave/users/{alice.pk}/stats/").json()
    assert stats["total_tracks"] == len(api.get(f"/musewave/tracks/?userId={alice.pk}").json())
    assert stats["total_tracks"] == 2


def test_user_stats_count_drafts_only_for_those_who_see_them(
    api, settings, track, draft, alice, bob
):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    services.play_record(actor=bob, track=draft, duration=5)
    services.play_record(actor=bob, track=track, duration=5)
    url = f"/musewave/users/{alice.pk}/stats/"
    listed = f"/musewave/tracks/?userId={alice.pk}"
    for headers, tracks, plays, likes in (({}, 1, 1, 0), (bearer(bob), 1, 1, 0)):
        stats = api.get(url, **headers).json()
        assert (stats["total_tracks"], stats["total_plays"], stats["total_likes"]) == (
            tracks,
            plays,
            likes,
        )
        assert stats["total_tracks"] == len(api.get(listed, **headers).json())
    own = api.get(url, **bearer(alice)).json()
    assert (own["total_tracks"], own["total_plays"], own["total_likes"]) == (2, 2, 1)
    assert own["total_tracks"] == len(api.get(listed, **bearer(alice)).json())


def test_deactivated_users_are_neither_listed_nor_counted(api, alice, bob, make_user):
    carol, dave = make_user(username="carol"), make_user(username="dave")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=carol, following=alice)
    services.follow_create(actor=alice, following=dave)
    User.objects.filter(pk__in=[carol.pk, dave.pk]).update(is_active=False)

    followers = api.get(f"/musewave/users/{alice.pk}/followers/").json()
    assert [f["follower_id"] for f in followers] == [str(bob.pk)]
    assert api.get(f"/musewave/users/{alice.pk}/following/").json() == []
    stats = api.get(f"/musewave/users/{alice.pk}/stats/").json()
    assert (stats["total_followers"], stats["total_following"]) == (1, 0)
    assert {u["username"] for u in api.get("/musewave/users/").json()} == {"alice", "bob"}
    for gone in (carol, dave):
        response = api.get(f"/musewave/users/{gone.pk}/")
        assert (response.status_code, response.json()) == (404, {"message": "Not found."})


def test_deactivated_users_leave_like_lists_and_counters(api, track, alice, bob, make_user):
    carol = make_user(username="carol")
    for fan in (bob, carol):
        services.like_create(actor=fan, track=track)

    def seen() -> tuple:
        likes = api.get(f"/musewave/users/{carol.pk}/likes/")
        return (
            api.get(f"/musewave/tracks/{track.pk}/").json()["likes"],
            [t["likes"] for t in api.get("/musewave/tracks/").json()],
            api.get(f"/musewave/users/{alice.pk}/stats/").json()["total_likes"],
            likes.status_code,
            len(likes.json()) if likes.status_code == 200 else likes.json(),
        )

    assert seen() == (2, [2], 2, 200, 1)
    services.user_set_active(user=carol, active=False)
    assert seen() == (1, [1], 1, 404, {"message": "Not found."})
    services.user_set_active(user=carol, active=True)
    assert seen() == (2, [2], 2, 200, 1)
