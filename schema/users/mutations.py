"""Signing up and editing profiles."""

from typing import Annotated

import strawberry
from django.db import transaction
from strawberry.file_uploads import Upload
from strawberry.types import Info

from musewave import services
from schema.core.arguments import UserIdArg
from schema.core.inputs import provided_fields, uploaded_file
from schema.core.lookups import user_argument
from schema.core.mutations import mutation
from schema.core.viewer import acting_user
from schema.users.inputs import CreateUserInput, UpdateUserInput
from schema.users.types import UserType


@strawberry.type
class UserMutations:
    @mutation(description="Sign a new user up.")
    def create_user(
        self,
        info: Info,
        input: Annotated[
            CreateUserInput, strawberry.argument(description="The new user's fields.")
        ],
    ) -> UserType:
        fields = provided_fields(input, exclude=("username", "email", "password"))
        return services.user_create(
            username=input.username, email=input.email, password=input.password, **fields
        )

    @mutation(
        description="Edit a profile (the user themselves only); `password` sets a new one. "
        "`avatar` and `header` (multipart uploads, signed-in users only) replace the images.",
    )
    def update_user(
        self,
        info: Info,
        id: UserIdArg,
        input: Annotated[
            UpdateUserInput, strawberry.argument(description="The changed user's fields.")
        ],
        avatar: Annotated[
            Upload | None, strawberry.argument(description="A new avatar image.")
        ] = None,
        header: Annotated[
            Upload | None, strawberry.argument(description="A new header image.")
        ] = None,
    ) -> UserType:
        actor = acting_user(info)
        avatar = uploaded_file(avatar, field="avatar")
        header = uploaded_file(header, field="header")
        user = user_argument(id, argument="id")
        with transaction.atomic():
            user = services.user_update(actor=actor, user=user, data=provided_fields(input))
            if avatar is not None or header is not None:
                user = services.user_images_set(
                    actor=actor, user=user, avatar=avatar, header=header
                )
        return user
