"""The admin lists every model; activity rows are read-only so counters stay in step."""

import pytest
from django.urls import reverse

from musewave import services
from musewave.models import Like, Playlist, PlaylistItem, Track, User


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user(username="admin")
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=admin.pk))
    return client


@pytest.mark.parametrize("model", ["user", "album", "track", "like", "follow", "play", "download",
                                   "comment", "playlist"])  # fmt: skip
def test_every_model_has_a_working_changelist_with_search(admin_client, track, model):
    response = admin_client.get(reverse(f"admin:musewave_{model}_changelist"), {"q": "a"})
    assert response.status_code == 200


def test_activity_rows_cannot_be_added_or_deleted(admin_client, track, bob):
    like, _ = services.like_create(actor=bob, track=track)
    assert admin_client.get(reverse("admin:musewave_like_add")).status_code == 403
    delete = reverse("admin:musewave_like_delete", args=[like.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Like.objects.count() == 1
    assert Track.objects.get(pk=track.pk).likes == 1


def test_publishing_in_the_admin_stamps_published_at(admin_client, make_track, alice):
    draft = make_track(owner=alice, published=False)
    url = reverse("admin:musewave_track_change", args=[draft.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"owner": alice.pk, "published": "on", "tags": '["chill"]'})
    data.pop("album", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.published and draft.published_at is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bpm", "1000", "Ensure this value is less than or equal to 999."),
        ("description", "d" * 5001, "Ensure this value has at most 5000 characters."),
        ("audio_url", "javascript:alert(1)", "Enter a valid http:// or https:// URL."),
        (
            "tags",
            '["' + '","'.join(f"t{i}" for i in range(31)) + '"]',
            "A track has at most 30 tags.",
        ),
    ],
)
def test_the_admin_keeps_the_bounds_and_url_rules(
    admin_client, track, alice, field, value, message
):
    url = reverse("admin:musewave_track_change", args=[track.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"owner": alice.pk, "published": "on", "tags": '["chill"]', field: value})
    data.pop("album", None)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    before = track.updated_at
    track.refresh_from_db()
    assert track.updated_at == before


def _admin_login(client, username, password, ip):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def staff(make_user):
    user = make_user(username="boss", email="boss@example.com")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    return user


def test_admin_login_is_throttled_like_the_api_login(client, staff):
    from tests.conftest import PASSWORD

    statuses = [
        _admin_login(client, "boss", "wrong", "198.51.100.7").status_code for _ in range(10)
    ]
    assert statuses == [200] * 10  # the form again, with "enter a correct username and password"
    refused = _admin_login(client, "boss", "wrong", "198.51.100.7")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 65
    assert "Too many requests" in refused.content.decode()
    # The right password is refused too while the address is throttled; no session is made.
    locked = _admin_login(client, "boss", PASSWORD, "198.51.100.7")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    # The admin and the API share the budget: the API login is throttled for that address too.
    api = client.post(
        "/musewave/auth/login/",
        {"username_or_email": "boss", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="198.51.100.7",
    )
    assert api.status_code == 429
    # The owner, from another address, still gets in.
    done = _admin_login(client, "boss", PASSWORD, "203.0.113.5")
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_login_is_throttled_per_account_across_addresses(client, staff, settings):
    from tests.conftest import PASSWORD

    settings.MUSEWAVE_THROTTLE_RATES = {
        **settings.MUSEWAVE_THROTTLE_RATES,
        "login_ip": "off",
        "login_account": "5/min",
    }
    for n in range(5):
        assert _admin_login(client, "boss", "wrong", f"198.51.100.{n}").status_code == 200
    assert _admin_login(client, "boss", PASSWORD, "203.0.113.5").status_code == 429
    assert "_auth_user_id" not in client.session


def test_deleting_a_track_in_the_admin_closes_up_the_playlists_holding_it(
    admin_client, make_track, alice, track
):
    other = make_track(owner=alice, audio_duration=30.0)
    playlist = services.playlist_create(actor=alice, title="Mix")
    services.playlist_items_add(
        actor=alice, playlist=playlist, track_ids=[track.pk, other.pk, track.pk, other.pk]
    )
    delete = reverse("admin:musewave_track_delete", args=[track.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    items = PlaylistItem.objects.filter(playlist=playlist).order_by("position")
    assert [(i.position, i.track_id) for i in items] == [(0, other.pk), (1, other.pk)]
    playlist.refresh_from_db()
    assert (playlist.track_count, playlist.duration, playlist.version) == (2, 60.0, 3)


def test_playlist_items_are_read_only_in_the_admin_and_edits_raise_the_version(
    admin_client, alice, track
):
    playlist = services.playlist_create(actor=alice, title="Mix")
    services.playlist_items_add(actor=alice, playlist=playlist, track_ids=[track.pk])
    url = reverse("admin:musewave_playlist_change", args=[playlist.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    formset = page.context["inline_admin_formsets"][0]
    assert not formset.has_add_permission and not formset.has_change_permission
    data = {
        "owner": alice.pk,
        "title": "Renamed",
        "description": "",
        "cover_url": "",
        "visibility": "unlisted",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-id": str(playlist.items.get().pk),
        "items-0-playlist": str(playlist.pk),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    playlist.refresh_from_db()
    assert (playlist.title, playlist.visibility, playlist.version) == ("Renamed", "unlisted", 3)
    assert playlist.items.count() == 1


def test_a_duration_edited_in_the_admin_reaches_the_playlists(admin_client, alice, track):
    playlist = services.playlist_create(actor=alice, title="Mix")
    services.playlist_items_add(actor=alice, playlist=playlist, track_ids=[track.pk, track.pk])
    url = reverse("admin:musewave_track_change", args=[track.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"owner": alice.pk, "published": "on", "tags": '["chill"]', "audio_duration": 12.5})
    data.pop("album", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Playlist.objects.get(pk=playlist.pk).duration == 25.0


def test_the_admin_refuses_a_playlist_cover_that_is_not_http(admin_client, alice):
    playlist = services.playlist_create(actor=alice, title="Mix")
    url = reverse("admin:musewave_playlist_change", args=[playlist.pk])
    data = {
        "owner": alice.pk,
        "title": "Mix",
        "description": "",
        "cover_url": "javascript:alert(1)",
        "visibility": "public",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover_url"] == [
        "Enter a valid http:// or https:// URL."
    ]
    playlist.refresh_from_db()
    assert (playlist.cover_url, playlist.version) == (None, 1)


def test_deactivating_in_the_admin_moves_the_like_counters(admin_client, track, bob):
    services.like_create(actor=bob, track=track)
    url = reverse("admin:musewave_user_change", args=[bob.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "is_active"}
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data["is_active"] = ""  # unchecked
    response = admin_client.post(url, {k: v for k, v in data.items() if v != ""})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(pk=bob.pk).is_active is False
    assert Track.objects.get(pk=track.pk).likes == 0
    data["is_active"] = "on"
    response = admin_client.post(url, {k: v for k, v in data.items() if v != ""})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(pk=bob.pk).is_active is True
    assert Track.objects.get(pk=track.pk).likes == 1
