"""Write inputs of users: the services' fields (`EDITABLE_FIELDS`), typed, required or not and
described (`help_text`) by the model, and the password."""

import strawberry
import strawberry_django

from musewave.models import User
from musewave.services.users import EDITABLE_FIELDS


@strawberry_django.input(
    User, name="CreateUserInput", description="A new account.", fields=EDITABLE_FIELDS
)
class CreateUserInput:
    password: str = strawberry.field(description="Password, checked against the password rules.")


@strawberry_django.partial(
    User,
    name="UpdateUserInput",
    description="Changes to a profile; only the fields given change.",
    fields=EDITABLE_FIELDS,
)
class UpdateUserInput:
    password: str | None = strawberry.field(description="New password.")
