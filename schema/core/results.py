"""Result types shared by several domains."""

import strawberry


@strawberry.type(name="Deleted", description="The result of a deletion.")
class Deleted:
    id: strawberry.ID = strawberry.field(description="The id of the deleted object.")
