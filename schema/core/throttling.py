"""The abuse limits GraphQL writes are held to: those the REST API applies too."""

from strawberry.types import Info

from musewave.throttling import throttle_write
from schema.core.viewer import client_details, get_viewer


def count_write(info: Info) -> None:
    """Count a mutation against the write limits of its user and address (Throttled past
    them)."""
    viewer = get_viewer(info)
    throttle_write(
        user_id=viewer.pk if viewer is not None else None,
        ip_address=client_details(info)["ip_address"],
    )
