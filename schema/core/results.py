"""Result types shared by several domains."""

from typing import Any

import strawberry


@strawberry.type(name="Deleted", description="The result of a deletion.")
class Deleted:
    id: strawberry.ID = strawberry.field(description="The id of the deleted object.")

    @classmethod
    def of(cls, deleted: Any) -> "Deleted":
        """The result of deleting the model instance `deleted`; made before the deletion,
        which clears the instance's primary key."""
        return cls(id=strawberry.ID(str(deleted.pk)))
