"""Playlists in the core: positions stay 0…n-1 after every kind of edit, the cached totals and
the version follow every change, stale versions conflict, limits hold, drafts and deactivated
owners' tracks hide without losing their place, deleted tracks leave and the rest close up."""

import pytest

from musewave import services
from musewave.errors import (
    AuthenticationRequired,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from musewave.models import Playlist, PlaylistItem, User
from musewave.selectors.playlists import (
    playlist_get,
    playlist_items_of,
    playlists_listed,
    with_visible_totals,
)

pytestmark = pytest.mark.django_db


def order(playlist) -> list:
    """The track ids of the playlist in position order, checking the positions are 0…n-1 and
    the cached totals are exact."""
    playlist.refresh_from_db()
    items = list(PlaylistItem.objects.filter(playlist=playlist).order_by("position"))
    assert [item.position for item in items] == list(range(len(items)))
    assert playlist.track_count == len(items)
    assert playlist.duration == sum(item.track.audio_duration for item in items)
    return [item.track_id for item in items]


def snapshot(playlist) -> tuple:
    playlist = Playlist.objects.get(pk=playlist.pk)
    items = list(
        PlaylistItem.objects.filter(playlist=playlist)
        .order_by("position")
        .values_list("id", "track_id", "position")
    )
    fields = (playlist.title, playlist.description, playlist.cover_url, playlist.visibility)
    return fields, playlist.version, playlist.track_count, playlist.duration, items


@pytest.fixture
def tracks(make_track, alice, bob):
    durations = [100.0, 200.5, 30.25, 45.0, 60.0]
    return [
        make_track(owner=alice if i % 2 else bob, audio_duration=d) for i, d in enumerate(durations)
    ]


@pytest.fixture
def playlist(alice):
    return services.playlist_create(actor=alice, title="Road trip")


def add(playlist, actor, tracks, **kwargs):
    return services.playlist_items_add(
        actor=actor, playlist=playlist, track_ids=[t.pk for t in tracks], **kwargs
    )


def item_ids(playlist) -> list:
    return list(
        PlaylistItem.objects.filter(playlist=playlist)
        .order_by("position")
        .values_list("pk", flat=True)
    )


# --- Creating and editing ---------------------------------------------------------------------


def test_a_new_playlist_is_empty_public_and_at_version_one(alice):
    playlist = services.playlist_create(actor=alice, title="  Mix  ", description=None)
    assert (playlist.title, playlist.description, playlist.visibility) == ("Mix", "", "public")
    assert (playlist.track_count, playlist.duration, playlist.version) == (0, 0.0, 1)
    assert playlist.owner_id == alice.pk


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 101}, "title"),
        ({"title": "ok", "description": "d" * 1001}, "description"),
        ({"title": "ok", "visibility": "friends"}, "visibility"),
        ({"title": "ok", "cover_url": "ftp://example.com/a.png"}, "cover_url"),
        ({"title": "ok", "cover_url": "javascript:alert(1)"}, "cover_url"),
        ({"title": "ok", "cover_url": "not a url"}, "cover_url"),
        ({"title": "ok", "track_count": 5}, "track_count"),
        ({"title": "ok\x00"}, "title"),
    ],
)
def test_invalid_fields_are_refused_and_nothing_is_created(alice, fields, field):
    with pytest.raises(ValidationFailed) as exc:
        services.playlist_create(actor=alice, **fields)
    assert field in exc.value.errors
    assert Playlist.objects.count() == 0


def test_limits_at_their_edges_are_accepted(alice):
    playlist = services.playlist_create(
        actor=alice,
        title="t" * 100,
        description="d" * 1000,
        cover_url="https://img.example.com/c.png",
        visibility="unlisted",
    )
    assert len(playlist.title) == 100 and playlist.visibility == "unlisted"


def test_anonymous_cannot_create():
    with pytest.raises(AuthenticationRequired):
        services.playlist_create(actor=None, title="Mix")
    assert Playlist.objects.count() == 0


def test_every_accepted_edit_raises_the_version_by_one(alice, playlist):
    services.playlist_update(actor=alice, playlist=playlist, data={"title": "Road trip"})
    assert Playlist.objects.get(pk=playlist.pk).version == 2
    updated = services.playlist_update(
        actor=alice, playlist=playlist, data={"title": "Night drive", "visibility": "private"}
    )
    assert (updated.title, updated.visibility, updated.version) == ("Night drive", "private", 3)


def test_update_refuses_unknown_fields_and_changes_nothing(alice, playlist):
    before = snapshot(playlist)
    with pytest.raises(ValidationFailed):
        services.playlist_update(actor=alice, playlist=playlist, data={"owner": "x"})
    with pytest.raises(ValidationFailed):
        services.playlist_update(actor=alice, playlist=playlist, data={"title": ""})
    assert snapshot(playlist) == before


# --- Positions after every kind of edit ---------------------------------------------------------


def test_adding_at_the_end_at_the_start_and_in_the_middle(alice, playlist, tracks):
    a, b, c, d, e = tracks
    add(playlist, alice, [a, b])
    assert order(playlist) == [a.pk, b.pk]
    add(playlist, alice, [c], position=0)
    assert order(playlist) == [c.pk, a.pk, b.pk]
    add(playlist, alice, [d, e], position=1)
    assert order(playlist) == [c.pk, d.pk, e.pk, a.pk, b.pk]
    add(playlist, alice, [a], position=5)
    assert order(playlist) == [c.pk, d.pk, e.pk, a.pk, b.pk, a.pk]
    assert Playlist.objects.get(pk=playlist.pk).version == 5


def test_the_same_track_may_appear_several_times(alice, playlist, tracks):
    a = tracks[0]
    items = add(playlist, alice, [a, a, a])
    assert [i.position for i in items] == [0, 1, 2]
    assert order(playlist) == [a.pk] * 3


def test_add_returns_the_new_items_and_the_playlist_as_it_is_now(alice, playlist, tracks):
    items = add(playlist, alice, tracks[:2])
    assert [i.added_by_id for i in items] == [alice.pk, alice.pk]
    assert items[0].playlist.track_count == 2 and items[0].playlist.version == 2
    assert items[0].playlist.duration == 300.5


def test_removing_closes_the_gap(alice, playlist, tracks):
    a, b, _c, d, e = tracks
    add(playlist, alice, tracks)
    ids = item_ids(playlist)
    services.playlist_item_remove(actor=alice, playlist=playlist, item_id=ids[2])
    assert order(playlist) == [a.pk, b.pk, d.pk, e.pk]
    services.playlist_item_remove(actor=alice, playlist=playlist, item_id=ids[0])
    assert order(playlist) == [b.pk, d.pk, e.pk]
    services.playlist_item_remove(actor=alice, playlist=playlist, item_id=ids[4])
    assert order(playlist) == [b.pk, d.pk]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (0, 4, "bcdea"),
        (4, 0, "eabcd"),
        (1, 3, "acdbe"),
        (3, 1, "adbce"),
        (2, 2, "abcde"),
    ],
)
def test_moving_shifts_the_items_between(alice, playlist, tracks, source, target, expected):
    add(playlist, alice, tracks)
    by_letter = dict(zip("abcde", [t.pk for t in tracks], strict=True))
    moved = services.playlist_item_move(
        actor=alice, playlist=playlist, item_id=item_ids(playlist)[source], position=target
    )
    assert moved.position == target
    assert order(playlist) == [by_letter[x] for x in expected]
    assert Playlist.objects.get(pk=playlist.pk).version == 3


def test_reorder_takes_the_full_list(alice, playlist, tracks):
    add(playlist, alice, tracks)
    ids = item_ids(playlist)
    new = [ids[3], ids[0], ids[4], ids[1], ids[2]]
    services.playlist_items_reorder(actor=alice, playlist=playlist, item_ids=[str(i) for i in new])
    assert item_ids(playlist) == new
    order(playlist)


@pytest.mark.parametrize(
    "pick",
    [
        lambda ids: ids[:-1],  # one missing
        lambda ids: [*ids, ids[0]],  # one twice
        lambda ids: [*ids[:-1], ids[0]],  # right length, one twice, one missing
        lambda ids: [*ids[:-1], "00000000-0000-0000-0000-000000000000"],  # a stranger
        lambda ids: [*ids[:-1], "nope"],
        lambda ids: [],
    ],
)
def test_reorder_refuses_anything_but_exactly_the_current_items(alice, playlist, tracks, pick):
    add(playlist, alice, tracks)
    before = snapshot(playlist)
    with pytest.raises(ValidationFailed) as exc:
        services.playlist_items_reorder(
            actor=alice, playlist=playlist, item_ids=pick(item_ids(playlist))
        )
    assert "item_ids" in exc.value.errors
    assert snapshot(playlist) == before


def test_reorder_refuses_an_item_of_another_playlist(alice, playlist, tracks):
    other = services.playlist_create(actor=alice, title="Other")
    add(playlist, alice, tracks[:2])
    add(other, alice, tracks[:1])
    before = snapshot(playlist)
    with pytest.raises(ValidationFailed):
        services.playlist_items_reorder(
            actor=alice, playlist=playlist, item_ids=[item_ids(playlist)[0], item_ids(other)[0]]
        )
    assert snapshot(playlist) == before


@pytest.mark.parametrize("position", [-1, 4, True, "1", 1.0])
def test_positions_out_of_range_are_refused(alice, playlist, tracks, position):
    add(playlist, alice, tracks[:3])
    before = snapshot(playlist)
    with pytest.raises(ValidationFailed) as exc:
        add(playlist, alice, tracks[3:4], position=position)
    assert "position" in exc.value.errors
    move_to = 3 if position == 4 else position
    with pytest.raises(ValidationFailed):
        services.playlist_item_move(
            actor=alice, playlist=playlist, item_id=item_ids(playlist)[0], position=move_to
        )
    assert snapshot(playlist) == before


@pytest.mark.parametrize(
    "track_ids", [[], ["nope"], ["00000000-0000-0000-0000-000000000000"], "abc", None]
)
def test_adding_unknown_tracks_is_refused(alice, playlist, tracks, track_ids):
    add(playlist, alice, tracks[:1])
    before = snapshot(playlist)
    with pytest.raises(ValidationFailed) as exc:
        services.playlist_items_add(actor=alice, playlist=playlist, track_ids=track_ids)
    assert "track_ids" in exc.value.errors
    assert snapshot(playlist) == before


def test_removing_an_item_of_another_playlist_is_not_found(alice, playlist, tracks):
    other = services.playlist_create(actor=alice, title="Other")
    add(other, alice, tracks[:1])
    add(playlist, alice, tracks[:1])
    before = snapshot(playlist)
    with pytest.raises(NotFound):
        services.playlist_item_remove(actor=alice, playlist=playlist, item_id=item_ids(other)[0])
    assert snapshot(playlist) == before


# --- Versions -----------------------------------------------------------------------------------


def test_a_stale_version_conflicts_and_changes_nothing(alice, playlist, tracks):
    add(playlist, alice, tracks[:3], expected_version=1)
    ids = item_ids(playlist)
    before = snapshot(playlist)
    edits = [
        lambda: add(playlist, alice, tracks[3:], expected_version=1),
        lambda: services.playlist_item_remove(
            actor=alice, playlist=playlist, item_id=ids[0], expected_version=1
        ),
        lambda: services.playlist_item_move(
            actor=alice, playlist=playlist, item_id=ids[0], position=2, expected_version=1
        ),
        lambda: services.playlist_items_reorder(
            actor=alice, playlist=playlist, item_ids=ids[::-1], expected_version=1
        ),
        lambda: services.playlist_update(
            actor=alice, playlist=playlist, data={"title": "New"}, expected_version=1
        ),
        lambda: services.playlist_delete(actor=alice, playlist=playlist, expected_version=1),
    ]
    for edit in edits:
        with pytest.raises(Conflict) as exc:
            edit()
        assert "version 2" in exc.value.message
    assert snapshot(playlist) == before
    services.playlist_item_move(
        actor=alice, playlist=playlist, item_id=ids[0], position=2, expected_version=2
    )
    assert Playlist.objects.get(pk=playlist.pk).version == 3


def test_a_stale_copy_of_the_playlist_still_edits_the_current_one(alice, playlist, tracks):
    stale = Playlist.objects.get(pk=playlist.pk)
    add(playlist, alice, tracks[:2])
    add(stale, alice, tracks[2:3])  # the row lock re-reads the playlist
    assert order(playlist) == [t.pk for t in tracks[:3]]


def test_a_malformed_expected_version_is_invalid(alice, playlist):
    with pytest.raises(ValidationFailed) as exc:
        services.playlist_update(
            actor=alice, playlist=playlist, data={"title": "x"}, expected_version="1"
        )
    assert "expected_version" in exc.value.errors


# --- Limits -------------------------------------------------------------------------------------


def test_a_playlist_holds_at_most_the_configured_number_of_items(settings, alice, playlist, tracks):
    settings.MUSEWAVE_PLAYLIST_MAX_ITEMS = 4
    add(playlist, alice, tracks[:3])
    before = snapshot(playlist)
    with pytest.raises(ValidationFailed) as exc:
        add(playlist, alice, tracks[3:5])
    assert "at most 4" in exc.value.errors["track_ids"][0]
    assert snapshot(playlist) == before
    add(playlist, alice, tracks[3:4])
    assert order(playlist) == [t.pk for t in tracks[:4]]


def test_the_default_limit_is_ten_thousand():
    from django.conf import settings

    assert settings.MUSEWAVE_PLAYLIST_MAX_ITEMS == 10_000


# --- Authorization ------------------------------------------------------------------------------


@pytest.fixture
def staff(make_user):
    user = make_user(username="staffer")
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return User.objects.get(pk=user.pk)


EDITS = {
    "update": lambda p, a, t: services.playlist_update(
        actor=a, playlist=p, data={"title": f"By {a.username}" if a else "X"}
    ),
    "add": lambda p, a, t: services.playlist_items_add(actor=a, playlist=p, track_ids=[t.pk]),
    "remove": lambda p, a, t: services.playlist_item_remove(
        actor=a, playlist=p, item_id=p.items.order_by("position")[0].pk
    ),
    "move": lambda p, a, t: services.playlist_item_move(
        actor=a, playlist=p, item_id=p.items.order_by("position")[0].pk, position=1
    ),
    "reorder": lambda p, a, t: services.playlist_items_reorder(
        actor=a,
        playlist=p,
        item_ids=list(p.items.order_by("-position").values_list("pk", flat=True)),
    ),
    "delete": lambda p, a, t: services.playlist_delete(actor=a, playlist=p),
}


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("visibility", ["public", "unlisted", "private"])
def test_only_the_owner_and_staff_edit(alice, bob, staff, tracks, edit, visibility):
    playlist = services.playlist_create(actor=alice, title="Mine", visibility=visibility)
    add(playlist, alice, tracks[:2])
    before = snapshot(playlist)
    for actor, error in ((None, AuthenticationRequired), (bob, PermissionDenied)):
        with pytest.raises(error):
            EDITS[edit](playlist, actor, tracks[2])
        assert snapshot(playlist) == before
    for actor in (alice, staff):
        if not Playlist.objects.filter(pk=playlist.pk).exists():
            playlist = services.playlist_create(actor=alice, title="Mine", visibility=visibility)
            add(playlist, alice, tracks[:2])
        EDITS[edit](playlist, actor, tracks[2])
        if edit == "delete":
            assert not Playlist.objects.filter(pk=playlist.pk).exists()
        else:
            assert snapshot(playlist) != before
            order(playlist)
            before = snapshot(playlist)


# --- Reading ------------------------------------------------------------------------------------


def test_who_opens_and_who_lists_each_visibility(alice, bob, staff):
    made = {
        v: services.playlist_create(actor=alice, title=v, visibility=v)
        for v in ("public", "unlisted", "private")
    }
    can_open = {
        None: {"public", "unlisted"},
        bob: {"public", "unlisted"},
        alice: {"public", "unlisted", "private"},
        staff: {"public", "unlisted", "private"},
    }
    for viewer, allowed in can_open.items():
        for visibility, playlist in made.items():
            if visibility in allowed:
                assert playlist_get(playlist_id=playlist.pk, viewer=viewer) == playlist
            else:
                with pytest.raises(NotFound):
                    playlist_get(playlist_id=playlist.pk, viewer=viewer)
    assert {p.title for p in playlists_listed(viewer=None)} == {"public"}
    assert {p.title for p in playlists_listed(viewer=alice)} == {"public"}
    for viewer, titles in (
        (None, {"public"}),
        (bob, {"public"}),
        (alice, {"public", "unlisted", "private"}),
        (staff, {"public", "unlisted", "private"}),
    ):
        assert {p.title for p in playlists_listed(viewer=viewer, owner_id=alice.pk)} == titles
    assert list(playlists_listed(viewer=alice, owner_id="nope")) == []


def test_a_deactivated_owners_playlists_are_gone_for_others(alice, bob, staff, playlist):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    with pytest.raises(NotFound):
        playlist_get(playlist_id=playlist.pk, viewer=bob)
    assert list(playlists_listed(viewer=None)) == []
    assert playlist_get(playlist_id=playlist.pk, viewer=staff) == playlist


def test_drafts_and_deactivated_artists_hide_from_others_but_keep_their_place(
    make_user, make_track, alice, bob, staff, playlist
):
    carol = make_user(username="carol")
    first = make_track(owner=bob, audio_duration=10.0)
    draft = make_track(owner=bob, audio_duration=20.0)
    gone = make_track(owner=carol, audio_duration=40.0)
    last = make_track(owner=bob, audio_duration=80.0)
    add(playlist, alice, [first, draft, gone, last])
    services.track_update(actor=bob, track=draft, data={"published": False})
    User.objects.filter(pk=carol.pk).update(is_active=False)

    def seen(viewer):
        items = playlist_items_of(playlist=playlist, viewer=viewer)
        return [(i.position, i.track_id) for i in items]

    everything = [(0, first.pk), (1, draft.pk), (2, gone.pk), (3, last.pk)]
    assert seen(alice) == everything
    assert seen(staff) == everything
    assert seen(None) == [(0, first.pk), (3, last.pk)]
    assert seen(bob) == [(0, first.pk), (1, draft.pk), (3, last.pk)]  # his own draft

    def totals(viewer):
        row = with_visible_totals(Playlist.objects.filter(pk=playlist.pk), viewer=viewer).get()
        return row.visible_track_count, row.visible_duration

    assert totals(alice) == totals(staff) == (4, 150.0)
    assert totals(None) == (2, 90.0)
    assert totals(bob) == (3, 110.0)

    # Published again and reactivated: back in place for everyone.
    services.track_update(actor=bob, track=draft, data={"published": True})
    User.objects.filter(pk=carol.pk).update(is_active=True)
    assert seen(None) == everything


def test_others_drafts_cannot_be_added_but_ones_own_can(make_track, alice, bob, playlist):
    theirs = make_track(owner=bob, published=False)
    mine = make_track(owner=alice, published=False)
    with pytest.raises(ValidationFailed):
        add(playlist, alice, [theirs])
    add(playlist, alice, [mine])
    assert order(playlist) == [mine.pk]


# --- Deleted tracks and changed durations -------------------------------------------------------


def test_a_deleted_tracks_items_go_and_the_positions_close_up(make_track, alice, bob, tracks):
    a, b, c, d, e = tracks
    one = services.playlist_create(actor=alice, title="One")
    two = services.playlist_create(actor=bob, title="Two")
    add(one, alice, [c, a, c, b, c])
    add(two, bob, [d, c, e])
    version = Playlist.objects.get(pk=one.pk).version
    services.track_delete(actor=c.owner, track=c)
    assert order(one) == [a.pk, b.pk]
    assert order(two) == [d.pk, e.pk]
    assert Playlist.objects.get(pk=one.pk).version == version + 1


def test_deleting_a_user_closes_up_other_peoples_playlists(make_user, make_track, alice):
    carol = make_user(username="carol")
    hers = make_track(owner=carol, audio_duration=5.0)
    mine = make_track(owner=alice, audio_duration=7.0)
    playlist = services.playlist_create(actor=alice, title="Mix")
    add(playlist, alice, [hers, mine, hers])
    User.objects.get(pk=carol.pk).delete()
    assert order(playlist) == [mine.pk]


def test_a_tracks_new_duration_is_in_the_playlists_total(alice, playlist, tracks):
    a, b = tracks[:2]
    add(playlist, alice, [a, b, a])
    services.track_update(actor=a.owner, track=a, data={"audio_duration": 1.5})
    assert Playlist.objects.get(pk=playlist.pk).duration == 1.5 + 200.5 + 1.5
    order(playlist)


# --- Duplicating --------------------------------------------------------------------------------


def test_duplicating_a_public_playlist_copies_what_the_copier_may_see(
    make_track, alice, bob, playlist
):
    public = make_track(owner=alice, audio_duration=3.0)
    draft = make_track(owner=alice, published=False, audio_duration=4.0)
    other = make_track(owner=bob, audio_duration=5.0)
    add(playlist, alice, [public, draft, other, public])
    copy = services.playlist_duplicate(actor=bob, playlist=playlist)
    assert copy.owner_id == bob.pk and copy.pk != playlist.pk
    assert (copy.title, copy.visibility, copy.version) == ("Road trip", "private", 1)
    assert order(copy) == [public.pk, other.pk, public.pk]
    assert order(playlist) == [public.pk, draft.pk, other.pk, public.pk]
    assert set(PlaylistItem.objects.filter(playlist=copy).values_list("added_by", flat=True)) == {
        bob.pk
    }


def test_only_public_playlists_or_ones_own_can_be_duplicated(alice, bob):
    unlisted = services.playlist_create(actor=alice, title="U", visibility="unlisted")
    with pytest.raises(PermissionDenied):
        services.playlist_duplicate(actor=bob, playlist=unlisted)
    with pytest.raises(AuthenticationRequired):
        services.playlist_duplicate(actor=None, playlist=unlisted)
    assert Playlist.objects.count() == 1
    copy = services.playlist_duplicate(
        actor=alice, playlist=unlisted, title="Mine too", visibility="public"
    )
    assert (copy.title, copy.visibility) == ("Mine too", "public")


def test_a_duplicate_beyond_the_limit_is_refused(settings, alice, bob, playlist, tracks):
    add(playlist, alice, tracks[:3])
    settings.MUSEWAVE_PLAYLIST_MAX_ITEMS = 2
    with pytest.raises(ValidationFailed):
        services.playlist_duplicate(actor=bob, playlist=playlist)
    assert Playlist.objects.filter(owner=bob).count() == 0
