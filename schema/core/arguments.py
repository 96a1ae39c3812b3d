"""Arguments that many fields take, declared once with their descriptions."""

from typing import Annotated

import strawberry

TrackIdArg = Annotated[strawberry.ID, strawberry.argument(description="The track's id.")]
UserIdArg = Annotated[strawberry.ID, strawberry.argument(description="The user's id.")]
# `id` of a root field that finds one object (`track(id:)`, `album(id:)`).
IdArg = Annotated[strawberry.ID, strawberry.argument(description="Its id.")]
