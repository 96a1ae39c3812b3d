import pytest

from musewave import services
from musewave.errors import AuthenticationRequired, PermissionDenied, ValidationFailed
from musewave.models import User
from tests.conftest import PASSWORD


def test_user_create_hashes_password_with_argon2(db):
    user = services.user_create(
        username="Luna_Waves", email="Luna@Example.COM", password=PASSWORD, bio="Synth-pop."
    )
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)
    assert user.email == "Luna@example.com"  # the domain part is normalised
    assert (user.bio, user.verified, user.display_name) == ("Synth-pop.", False, "")


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("ab", "Ensure this value has at least 3 characters (it has 2)."),
        ("a" * 31, "Ensure this value has at most 30 characters (it has 31)."),
        ("bad name!", "Usernames may contain only letters, digits and the characters _ . -"),
    ],
)
def test_user_create_rejects_invalid_usernames(db, username, message):
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(username=username, email="x@example.com", password=PASSWORD)
    assert exc.value.errors["username"] == [message]
    assert not User.objects.exists()


def test_usernames_and_emails_are_unique_regardless_of_case(alice):
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(username="ALICE", email="ALICE@example.com", password=PASSWORD)
    assert exc.value.errors == {
        "username": ["user with this username already exists."],
        "email": ["user with this email already exists."],
    }
    assert User.objects.count() == 1


def test_weak_password_is_refused_with_the_rule_that_failed(db):
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(username="weak", email="weak@example.com", password="12345678")
    assert "This password is too common." in exc.value.errors["password"]
    assert "This password is entirely numeric." in exc.value.errors["password"]
    assert not User.objects.exists()


def test_bio_longer_than_500_characters_is_refused(db):
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(
            username="long", email="l@example.com", password=PASSWORD, bio="x" * 501
        )
    assert exc.value.errors["bio"] == ["Ensure this value has at most 500 characters (it has 501)."]


def test_unknown_profile_field_is_refused(db):
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(
            username="x_y", email="x@example.com", password=PASSWORD, is_staff=True
        )
    assert exc.value.errors == {"is_staff": ["This field cannot be set."]}
    assert not User.objects.exists()


def test_user_update_applies_social_links_and_password(alice):
    services.user_update(
        actor=alice,
        user=alice,
        data={"twitter": "alice_tw", "soundcloud": "alice-sc", "password": "An0ther-Secret!"},
    )
    alice.refresh_from_db()
    assert (alice.twitter, alice.soundcloud) == ("alice_tw", "alice-sc")
    assert alice.check_password("An0ther-Secret!")
    assert alice.password.startswith("argon2$")


def test_user_update_refuses_another_user_and_changes_nothing(alice, bob):
    with pytest.raises(PermissionDenied):
        services.user_update(actor=bob, user=alice, data={"bio": "hacked"})
    alice.refresh_from_db()
    assert alice.bio == ""


def test_user_update_refuses_taken_username(alice, bob):
    with pytest.raises(ValidationFailed) as exc:
        services.user_update(actor=None, user=bob, data={"username": "Alice"})
    assert exc.value.errors == {"username": ["user with this username already exists."]}
    bob.refresh_from_db()
    assert bob.username == "bob"


def test_staff_may_update_anyone(alice, make_user):
    admin = make_user(username="admin")
    User.objects.filter(pk=admin.pk).update(is_staff=True)
    admin.refresh_from_db()
    services.user_update(actor=admin, user=alice, data={"bio": "Edited by staff"})
    alice.refresh_from_db()
    assert alice.bio == "Edited by staff"


def test_anonymous_edit_needs_authentication_when_required(alice, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    with pytest.raises(AuthenticationRequired):
        services.user_update(actor=None, user=alice, data={"bio": "anon"})
    alice.refresh_from_db()
    assert alice.bio == ""


def test_deactivation_takes_the_users_likes_out_of_the_counters_and_back(make_track, alice, bob):
    from musewave.errors import NotFound
    from musewave.models import Track

    first, second = make_track(owner=alice, title="One"), make_track(owner=alice, title="Two")
    services.like_create(actor=bob, track=first)
    services.like_create(actor=bob, track=second)
    services.like_create(actor=alice, track=first)

    def likes() -> tuple[int, int]:
        return tuple(Track.objects.get(pk=t.pk).likes for t in (first, second))

    assert likes() == (2, 1)
    services.user_set_active(user=bob, active=False)
    assert User.objects.get(pk=bob.pk).is_active is False
    assert likes() == (1, 0)
    services.user_set_active(user=bob, active=False)  # already so: no change
    assert likes() == (1, 0)
    with pytest.raises(NotFound):  # a deactivated user neither likes nor unlikes
        services.like_delete(actor=bob, track=first)
    with pytest.raises(NotFound):
        services.like_create(actor=bob, track=first)
    assert likes() == (1, 0)
    services.user_set_active(user=bob, active=True)
    assert likes() == (2, 1)
    services.user_set_active(user=bob, active=True)
    assert likes() == (2, 1)
