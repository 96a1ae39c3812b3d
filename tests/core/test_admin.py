"""The admin lists every model; activity rows are read-only so counters stay in step."""

import pytest
from django.urls import reverse

from musewave import services
from musewave.models import Like, Track, User


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user(username="admin")
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=admin.pk))
    return client


@pytest.mark.parametrize("model", ["user", "album", "track", "like", "follow", "play", "download",
                                   "comment"])  # fmt: skip
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
