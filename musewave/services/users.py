"""Writes on users: sign-up and profile updates."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F

from musewave.errors import AuthenticationRequired, ValidationFailed
from musewave.media import storage
from musewave.media.images import ProcessedImage
from musewave.models import Track, User
from musewave.services import ingest
from musewave.services.common import (
    apply_changes,
    authorize_owner,
    check_known_fields,
    clean_instance,
    required_fields,
)

# What clients set on a user besides the password (the GraphQL inputs are generated from this
# list); the model says which a new user must have, and the rest is the profile.
SOCIAL_LINKS = ("twitter", "instagram", "spotify", "soundcloud")
EDITABLE_FIELDS = (
    "username",
    "email",
    "display_name",
    "bio",
    "avatar_url",
    "header_url",
    "location",
    "website",
    *SOCIAL_LINKS,
)
REQUIRED_FIELDS = required_fields(User, EDITABLE_FIELDS)
PROFILE_FIELDS = tuple(name for name in EDITABLE_FIELDS if name not in REQUIRED_FIELDS)

USERNAME_TAKEN = "user with this username already exists."
EMAIL_TAKEN = "user with this email already exists."


def _check_password(password: Any, user: User) -> None:
    if not isinstance(password, str) or not password:
        raise ValidationFailed.field("password", "This field is required.")
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.messages[0], {"password": list(exc.messages)}) from exc


def _check_unique(user: User) -> None:
    """Case-insensitive uniqueness, with the messages clients know; the constraints back it."""
    others = User.objects.exclude(pk=user.pk)
    errors: dict[str, list[str]] = {}
    if others.filter(username__iexact=user.username).exists():
        errors["username"] = [USERNAME_TAKEN]
    if others.filter(email__iexact=user.email).exists():
        errors["email"] = [EMAIL_TAKEN]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors)


def _save_unique(user: User, **save_kwargs) -> None:
    try:
        with transaction.atomic():
            user.save(**save_kwargs)
    except IntegrityError as exc:
        # A concurrent sign-up took the name between our check and the insert.
        _check_unique(user)
        raise ValidationFailed("This username or email is already taken.") from exc


def _normalize(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    for name in ("username", "email"):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip()
    if isinstance(data.get("email"), str):
        data["email"] = User.objects.normalize_email(data["email"])
    if data.get("display_name") is None and "display_name" in data:
        data["display_name"] = ""
    if data.get("bio") is None and "bio" in data:
        data["bio"] = ""
    return data


@transaction.atomic
def user_create(*, username: str, email: str, password: str, **profile: Any) -> User:
    """Sign a user up. Profile keys are those of PROFILE_FIELDS; `avatar_url` and `header_url`
    may be `data:` URLs of images, which are checked and stored (the field then holds the
    stored image's URL)."""
    check_known_fields(profile, allowed=PROFILE_FIELDS)
    images = ingest.take_data_images(profile, folders=ingest.USER_IMAGES)
    fields = _normalize({"username": username, "email": email, **profile})
    with storage.StoredFiles() as stored, transaction.atomic():
        return _create(fields, password, images=images, stored=stored)


def _create(
    fields: dict[str, Any],
    password: str,
    *,
    images: dict[str, ProcessedImage],
    stored: storage.StoredFiles,
) -> User:
    user = User(**fields)
    ingest.apply_images(user, images=images, stored=stored, folders=ingest.USER_IMAGES)
    errors: dict[str, list[str]] = {}
    try:
        clean_instance(user, exclude=["password"])
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        _check_password(password, user)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if not errors:
        try:
            _check_unique(user)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors)
    user.set_password(password)
    _save_unique(user)
    return user


@transaction.atomic
def user_update(*, actor: User | None, user: User, data: dict[str, Any]) -> User:
    """Change a user's profile; `password` in `data` sets a new (validated, hashed) password."""
    authorize_owner(actor=actor, owner_id=user.pk)
    data = _normalize(data)
    if data.get("email") == user.email:
        # Legacy clients send the unchanged email with every edit: it is no change.
        del data["email"]
    if actor is None and {"password", "email"} & set(data):
        # Legacy clients may edit a profile without credentials, but never take the account
        # over: the password and the email (its recovery address) need the user's token.
        raise AuthenticationRequired("Changing the password or email needs the user's token.")
    images = ingest.take_data_images(data, folders=ingest.USER_IMAGES)
    return _update(user, data, images=images)


@transaction.atomic
def user_images_set(
    *, actor: User | None, user: User, avatar: File | None = None, header: File | None = None
) -> User:
    """Replace a user's avatar and/or header with uploaded images."""
    authorize_owner(actor=actor, owner_id=user.pk)
    images = {}
    if avatar is not None:
        images["avatar_url"] = ingest.image_check(avatar, field="avatar", square=True)
    if header is not None:
        images["header_url"] = ingest.image_check(header, field="header", square=False)
    return _update(user, {}, images=images)


def _update(user: User, data: dict[str, Any], *, images: dict[str, ProcessedImage]) -> User:
    password = data.pop("password", None)
    ingest.drop_echoed_urls(user, data, fields=ingest.USER_IMAGES)
    with storage.StoredFiles() as stored, transaction.atomic():
        changed = apply_changes(instance=user, data=data, allowed=EDITABLE_FIELDS)
        image_fields, replaced = ingest.apply_images(
            user,
            images=images,
            stored=stored,
            folders=ingest.USER_IMAGES,
            changed_fields=changed,
        )
        changed += image_fields
        clean_instance(user, exclude=["password"])
        if "username" in changed or "email" in changed:
            _check_unique(user)
        if password is not None:
            _check_password(password, user)
            user.set_password(password)
            changed.append("password")
        if changed:
            _save_unique(user, update_fields=[*dict.fromkeys(changed), "updated_at"])
        storage.delete_on_commit(replaced)
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool) -> User:
    """Deactivate (`active=False`) or reactivate a user.

    A deactivated user is in no list or count (`selectors.users.rows_of_active_users`); the tracks'
    `likes` counters, which are stored columns, leave the user's likes out too: each track the
    user likes loses one like on deactivation and gets it back on reactivation, with `F()` in the
    same transaction. The user's row is locked first (likes lock it too, `services.social`), so
    no like or unlike of theirs can slip between the flag and the counters.
    """
    locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    user.is_active = active
    if locked.is_active == active:
        return user
    User.objects.filter(pk=user.pk).update(is_active=active)
    liked = Track.objects.filter(like_set__user=user)
    if active:
        liked.update(likes=F("likes") + 1)
    else:
        # Never below zero, even if rows and counters ever disagreed.
        liked.filter(likes__gt=0).update(likes=F("likes") - 1)
    return user
