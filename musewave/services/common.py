"""Helpers shared by the write services: validation, partial updates and ownership."""

import math
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models

from musewave.errors import AuthenticationRequired, PermissionDenied, ValidationFailed
from musewave.models import User
from musewave.validators import check_bounds

ModelT = TypeVar("ModelT", bound=models.Model)


def validation_failed_from_django(exc: DjangoValidationError) -> ValidationFailed:
    """Turn Django's ValidationError into the domain's, keeping per-field messages."""
    if hasattr(exc, "error_dict"):
        errors = {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
        first = next(iter(errors.values()))[0]
        return ValidationFailed(first, errors)
    messages = [str(m) for m in exc.messages]
    return ValidationFailed(messages[0] if messages else "Invalid input.")


def clean_instance(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Run the model's field validators; uniqueness is the services' and the database's job."""
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except DjangoValidationError as exc:
        raise validation_failed_from_django(exc) from exc
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        # full_clean skips blank values of optional fields; for a number "" or [] means unset.
        if (
            value is not None
            and value in field.empty_values
            and not isinstance(field, models.CharField | models.TextField | models.JSONField)
        ):
            value = None
            setattr(instance, field.attname, None)
        # PostgreSQL text cannot hold NUL characters; refuse them on every engine alike.
        if isinstance(value, str) and "\x00" in value:
            raise ValidationFailed.field(field.name, "Null characters are not allowed.")
        # JSON has no NaN or infinity, and no duration or position is infinite.
        if isinstance(field, models.FloatField) and value is not None and not math.isfinite(value):
            raise ValidationFailed.field(field.name, "Enter a finite number.")
    # Numbers and sizes within the bounds of the settings (a play no longer than a day, …).
    check_bounds(instance)


def required_fields(model: type[models.Model], names: Iterable[str]) -> tuple[str, ...]:
    """Those of `names` that a new row cannot do without: the model's fields with neither a
    default nor `blank=True` (strawberry-django makes the same ones required in the GraphQL
    inputs generated from the model)."""
    return tuple(
        name
        for name in names
        if not (field := model._meta.get_field(name)).blank and not field.has_default()
    )


def check_known_fields(fields: Iterable[str], *, allowed: Iterable[str]) -> None:
    """An unknown field is an error rather than silently ignored, so a typo never looks like
    success."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        errors = {name: ["This field cannot be set."] for name in unknown}
        raise ValidationFailed(f"Unknown field: {unknown[0]}", errors)


def check_required(values: Mapping[str, Any], *, required: Iterable[str]) -> None:
    """Each of `required` that `values` holds (on creation: all of them) must not be empty."""
    missing = [name for name in required if values.get(name) in (None, "")]
    if missing:
        raise ValidationFailed(
            f"{missing[0]}: This field is required.",
            {name: ["This field is required."] for name in missing},
        )


def check_required_kept(data: Mapping[str, Any], *, required: Iterable[str]) -> None:
    """On an edit: each of `required` that `data` sets must not be emptied."""
    check_required(data, required=[name for name in required if name in data])


def apply_changes(
    *, instance: ModelT, data: Mapping[str, Any], allowed: Iterable[str]
) -> list[str]:
    """Copy the allowed keys of `data` onto `instance`; returns the names that changed."""
    check_known_fields(data, allowed=allowed)
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def authorize_owner(*, actor: User | None, owner_id: Any) -> None:
    """Only a resource's owner (or staff) may change it.

    Without an authenticated actor the legacy behaviour applies (anyone may edit) unless the
    deployment requires authentication.
    """
    if actor is None:
        if settings.MUSEWAVE_REQUIRE_AUTH:
            raise AuthenticationRequired("Authentication credentials were not provided.")
        return
    if actor.pk != owner_id and not actor.is_staff:
        raise PermissionDenied("You do not have permission to modify this resource.")
