"""Who acts: the body's user for legacy clients; the authenticated user once there is one."""

import json
import uuid

import pytest
from django.test import override_settings
from rest_framework.test import APIRequestFactory, force_authenticate

from musewave.errors import AuthenticationRequired, NotFound, PermissionDenied, ValidationFailed
from musewave.models import Like, Track
from musewave.services.actors import acting_user_resolve
from rest_compat.views.activity import TrackLikeView, TrackPlayView


def _resolve(**kwargs):
    kwargs.setdefault("authenticated", None)
    kwargs.setdefault("required", True)
    kwargs.setdefault("field_name", "userId")
    return acting_user_resolve(**kwargs)


def test_named_user_acts(alice):
    assert _resolve(claimed_id=str(alice.pk)) == alice
    assert _resolve(claimed_id=alice.pk) == alice


@pytest.mark.parametrize("claimed", [None, ""])
def test_missing_user(db, claimed):
    with pytest.raises(ValidationFailed) as exc:
        _resolve(claimed_id=claimed, field_name="followerId")
    assert (exc.value.message, exc.value.errors) == ("followerId is required", {})
    assert _resolve(claimed_id=claimed, required=False) is None


def test_unknown_user(db):
    with pytest.raises(NotFound, match="User not found"):
        _resolve(claimed_id=str(uuid.uuid4()), required=False)


@pytest.mark.parametrize("claimed", ["nobody", 42])
@pytest.mark.parametrize("field_name", ["userId", "followerId"])
def test_malformed_user_id_is_invalid_on_its_field(db, claimed, field_name):
    with pytest.raises(ValidationFailed) as exc:
        _resolve(claimed_id=claimed, required=False, field_name=field_name)
    message = f"“{claimed}” is not a valid UUID."
    assert (exc.value.message, exc.value.errors) == (message, {field_name: [message]})


def test_authenticated_user_acts_whatever_the_body_omits(alice):
    assert _resolve(authenticated=alice, claimed_id=None) == alice
    assert _resolve(authenticated=alice, claimed_id=str(alice.pk).upper()) == alice


def test_authenticated_user_cannot_act_for_another(alice, bob):
    with pytest.raises(PermissionDenied):
        _resolve(authenticated=alice, claimed_id=str(bob.pk))


@override_settings(MUSEWAVE_REQUIRE_AUTH=True)
def test_required_authentication(alice):
    with pytest.raises(AuthenticationRequired):
        _resolve(claimed_id=str(alice.pk), required=False)
    assert _resolve(authenticated=alice, claimed_id=None) == alice


def _like(track, user, body):
    request = APIRequestFactory().post(
        f"/musewave/tracks/{track.pk}/like/", json.dumps(body), content_type="application/json"
    )
    force_authenticate(request, user=user)
    return TrackLikeView.as_view()(request, track_id=str(track.pk))


def test_rest_authenticated_actor_is_used(track, bob):
    response = _like(track, bob, {})
    assert response.status_code == 201
    assert response.data["user_id"] == str(bob.pk)


def test_rest_authenticated_actor_naming_another_is_403(track, alice, bob):
    response = _like(track, bob, {"userId": str(alice.pk)})
    assert response.status_code == 403
    assert set(response.data) == {"error"}
    assert isinstance(response.data["error"], str)
    assert not Like.objects.exists()


@override_settings(MUSEWAVE_REQUIRE_AUTH=True)
def test_rest_writes_need_authentication_when_required(api, track, bob):
    like = api.post(f"/musewave/tracks/{track.pk}/like/", {"userId": str(bob.pk)})
    assert like.status_code == 401
    assert like.json() == {"error": "Authentication credentials were not provided."}
    update = api.patch(f"/musewave/tracks/{track.pk}/update/", {"title": "x"})
    assert update.status_code == 401
    assert list(update.json()) == ["error"]
    track.refresh_from_db()
    assert (track.likes, track.title) == (0, "Summer Vibes")


@override_settings(MUSEWAVE_REQUIRE_AUTH=True)
def test_rest_authenticated_play_when_required(track, bob):
    request = APIRequestFactory().post(
        f"/musewave/tracks/{track.pk}/play/", "{}", content_type="application/json"
    )
    force_authenticate(request, user=bob)
    response = TrackPlayView.as_view()(request, track_id=str(track.pk))
    assert response.status_code == 201
    assert response.data["user_id"] == str(bob.pk)
    assert Track.objects.get(pk=track.pk).plays == 1
