"""Users: the profile as shown, its statistics, sign-up and profile edits."""

from rest_framework import serializers

from musewave.selectors import privacy
from rest_compat.serializers.common import (
    Shape,
    UTCDateTimeField,
    context_viewer,
    image_url_field,
    optional_text,
)


class SocialLinksSerializer(serializers.Serializer):
    twitter = serializers.CharField(allow_null=True)
    instagram = serializers.CharField(allow_null=True)
    spotify = serializers.CharField(allow_null=True)
    soundcloud = serializers.CharField(allow_null=True)


class UserSerializer(Shape):
    id = serializers.UUIDField()
    username = serializers.CharField()
    email = serializers.CharField(
        allow_null=True, help_text="Only for the user themselves (by token) and staff; else null."
    )
    display_name = serializers.CharField()
    bio = serializers.CharField()
    avatar_url = image_url_field("avatar_url")
    header_url = image_url_field("header_url")
    location = serializers.CharField(allow_null=True)
    website = serializers.CharField(allow_null=True)
    social_links = SocialLinksSerializer(source="*")
    verified = serializers.BooleanField()
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not privacy.email_visible(viewer=context_viewer(self), user=instance):
            data["email"] = None
        return data


class UserStatsSerializer(serializers.Serializer):
    user_id = serializers.UUIDField()
    total_tracks = serializers.IntegerField()
    total_plays = serializers.IntegerField()
    total_likes = serializers.IntegerField()
    total_downloads = serializers.IntegerField()
    total_followers = serializers.IntegerField()
    total_following = serializers.IntegerField()
    monthly_listeners = serializers.IntegerField()
    updated_at = UTCDateTimeField()


class SocialLinksInput(serializers.Serializer):
    twitter = optional_text()
    instagram = optional_text()
    spotify = optional_text()
    soundcloud = optional_text()


class UserCreateInput(serializers.Serializer):
    """A sign-up. The social links may come flat (`twitter`, …) or nested in `social_links`,
    as the user object shows them; a flat key wins over the same nested one."""

    username = serializers.CharField()
    email = serializers.CharField()
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    display_name = optional_text()
    bio = optional_text()
    avatar_url = optional_text()
    header_url = optional_text()
    location = optional_text()
    website = optional_text()
    twitter = optional_text()
    instagram = optional_text()
    spotify = optional_text()
    soundcloud = optional_text()
    social_links = SocialLinksInput(required=False, help_text="The links as the user shows them.")

    def validate(self, attrs):
        links = attrs.pop("social_links", None) or {}
        return {**links, **attrs}


class UserUpdateInput(UserCreateInput):
    username = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    password = serializers.CharField(write_only=True, required=False, trim_whitespace=False)
