"""One rule for finding a user, used by both APIs: a deactivated user is not found."""

import uuid

import pytest

from musewave import services
from musewave.errors import NotFound, ValidationFailed
from musewave.models import Track, User
from musewave.selectors.social import likes_of_visible_tracks
from musewave.selectors.users import (
    user_get,
    user_get_by_username,
    users_active,
    users_with_id,
    users_with_username,
)


@pytest.fixture
def gone(make_user):
    user = make_user(username="Gone")
    User.objects.filter(pk=user.pk).update(is_active=False)
    return user


def test_active_user_is_found_by_id_and_by_username_ignoring_case(alice):
    assert user_get(user_id=alice.pk) == alice
    assert user_get(user_id=str(alice.pk)) == alice
    assert user_get_by_username(username="ALICE") == alice
    assert list(users_with_id(user_id=alice.pk)) == [alice]
    assert list(users_with_username(username="Alice")) == [alice]


def test_deactivated_user_is_not_found_by_id_or_username(gone):
    with pytest.raises(NotFound, match=r"^User not found$"):
        user_get(user_id=gone.pk)
    with pytest.raises(NotFound, match=r"^User not found$"):
        user_get_by_username(username="gone")
    assert list(users_with_id(user_id=gone.pk)) == []
    assert list(users_with_username(username="Gone")) == []
    assert gone not in users_active()


def test_an_unknown_id_is_not_found(db):
    with pytest.raises(NotFound, match=r"^User not found$"):
        user_get(user_id=uuid.UUID(int=0))
    assert list(users_with_id(user_id=uuid.UUID(int=0))) == []


@pytest.mark.parametrize("user_id", ["not-a-uuid", "", None, 42])
def test_what_is_not_an_id_is_invalid(db, user_id):
    with pytest.raises(ValidationFailed) as exc:
        user_get(user_id=user_id)
    assert exc.value.errors == {"user_id": [f"“{user_id}” is not a valid UUID."]}
    assert list(users_with_id(user_id=user_id)) == []


@pytest.mark.parametrize("username", ["nobody", "ali\x00ce", "", None, 7])
def test_what_names_no_username_is_not_found(alice, username):
    with pytest.raises(NotFound, match=r"^User not found$"):
        user_get_by_username(username=username)
    assert list(users_with_username(username=username)) == []


def test_likes_of_visible_tracks_hide_other_users_drafts(alice, bob, make_user, make_track):
    staff = make_user(username="staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    staff.refresh_from_db()
    published = make_track(owner=alice, title="Out")
    draft = make_track(owner=alice, title="Draft")
    services.like_create(actor=bob, track=published)
    services.like_create(actor=alice, track=draft)
    Track.objects.filter(pk=draft.pk).update(published=False)

    def liked(viewer) -> list[tuple[str, str]]:
        likes = likes_of_visible_tracks(viewer=viewer).select_related("user", "track")
        return [(like.user.username, like.track.title) for like in likes]

    everything = [("alice", "Draft"), ("bob", "Out")]
    assert liked(None) == liked(bob) == [("bob", "Out")]
    assert liked(alice) == liked(staff) == everything
