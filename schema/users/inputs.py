"""Write inputs of users."""

import strawberry
from strawberry import UNSET


@strawberry.input(name="CreateUserInput", description="A new account.")
class CreateUserInput:
    username: str = strawberry.field(description="3–30 letters, digits, `_`, `.` or `-`.")
    email: str = strawberry.field(description="Email address, unique regardless of case.")
    password: str = strawberry.field(description="Password, checked against the password rules.")
    display_name: str | None = strawberry.field(default=UNSET, description="Name shown in the app.")
    bio: str | None = strawberry.field(default=UNSET, description="Short biography.")
    avatar_url: str | None = strawberry.field(default=UNSET, description="Avatar image URL.")
    header_url: str | None = strawberry.field(default=UNSET, description="Header image URL.")
    location: str | None = strawberry.field(default=UNSET, description="Where the user is based.")
    website: str | None = strawberry.field(default=UNSET, description="Website URL.")
    twitter: str | None = strawberry.field(default=UNSET, description="Twitter / X handle.")
    instagram: str | None = strawberry.field(default=UNSET, description="Instagram handle.")
    spotify: str | None = strawberry.field(default=UNSET, description="Spotify profile.")
    soundcloud: str | None = strawberry.field(default=UNSET, description="SoundCloud profile.")


@strawberry.input(
    name="UpdateUserInput", description="Changes to a profile; only the fields given change."
)
class UpdateUserInput:
    username: str | None = strawberry.field(default=UNSET, description="New username.")
    email: str | None = strawberry.field(default=UNSET, description="New email address.")
    password: str | None = strawberry.field(default=UNSET, description="New password.")
    display_name: str | None = strawberry.field(default=UNSET, description="Name shown in the app.")
    bio: str | None = strawberry.field(default=UNSET, description="Short biography.")
    avatar_url: str | None = strawberry.field(default=UNSET, description="Avatar image URL.")
    header_url: str | None = strawberry.field(default=UNSET, description="Header image URL.")
    location: str | None = strawberry.field(default=UNSET, description="Where the user is based.")
    website: str | None = strawberry.field(default=UNSET, description="Website URL.")
    twitter: str | None = strawberry.field(default=UNSET, description="Twitter / X handle.")
    instagram: str | None = strawberry.field(default=UNSET, description="Instagram handle.")
    spotify: str | None = strawberry.field(default=UNSET, description="Spotify profile.")
    soundcloud: str | None = strawberry.field(default=UNSET, description="SoundCloud profile.")
