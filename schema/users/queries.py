"""Reading users."""

from collections.abc import Iterable
from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave.errors import ValidationFailed
from musewave.selectors.common import require_uuid
from musewave.selectors.users import (
    users_active,
    users_with_id,
    users_with_tracks,
    users_with_username,
)
from schema.core.errors import raises_client_errors
from schema.core.fields import by_page_number, for_endless_scrolling
from schema.core.pagination import CursorCheckedConnection, offset_list
from schema.core.viewer import get_viewer
from schema.users.types import UserType


@strawberry.type
class UserQueries:
    @strawberry_django.field(description="The signed-in user, or null when anonymous.")
    def me(self, info: Info) -> UserType | None:
        viewer = get_viewer(info)
        return users_with_id(user_id=viewer.pk) if viewer is not None else None

    @strawberry_django.field(
        description="A user by id or by username (exactly one of them); null if there is none "
        "(an `invalid` error on `id` when it is not an id)."
    )
    @raises_client_errors
    def user(
        self,
        info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(description="Its id.")] = None,
        username: Annotated[
            str | None, strawberry.argument(description="Its username, ignoring case.")
        ] = None,
    ) -> UserType | None:
        if (id is None) == (username is None):
            raise ValidationFailed("Give exactly one of `id` and `username`.")
        # A queryset, not an instance, so that the optimizer plans the nested selections.
        if username is not None:
            return users_with_username(username=username)
        return users_with_id(user_id=require_uuid(id, field="id"))

    @offset_list(
        description=by_page_number("Every active user, newest first", connection="usersConnection")
    )
    def users(self, info: Info) -> list[UserType]:
        return users_active()

    @offset_list(description="Users with at least one published track, newest first.")
    def artists(self, info: Info) -> list[UserType]:
        return users_with_tracks()

    @strawberry_django.connection(
        CursorCheckedConnection[UserType],
        description=for_endless_scrolling("Every active user, newest first", offset_list="users"),
    )
    def users_connection(self, info: Info) -> Iterable[UserType]:
        return users_active()
