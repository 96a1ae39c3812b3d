from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from musewave.errors import ValidationFailed
from musewave.models import (
    Album,
    Comment,
    Download,
    Follow,
    Like,
    Play,
    Playlist,
    PlaylistItem,
    Track,
    User,
)
from musewave.services.tracks import URL_FIELDS, normalize_tags, track_duration_changed
from musewave.services.users import PROFILE_FIELDS, SOCIAL_LINKS, user_set_active
from musewave.validators import check_bounds, check_web_url

# What users edit of their profile besides the links, as the admin groups it.
PROFILE_DETAILS = tuple(name for name in PROFILE_FIELDS if name not in SOCIAL_LINKS)


class CoreRulesForm(forms.ModelForm):
    """Edits in the admin keep the rules the services keep: the bounds of the settings, the
    tags' sizes and the URL schemes of tracks and playlist covers."""

    def _post_clean(self) -> None:
        super()._post_clean()
        instance = self.instance
        try:
            if isinstance(instance, Track):
                instance.tags = normalize_tags(instance.tags)
                for name in URL_FIELDS:
                    check_web_url(field=name, value=getattr(instance, name))
            if isinstance(instance, Playlist):
                check_web_url(field="cover_url", value=instance.cover_url)
            check_bounds(instance)
        except ValidationFailed as exc:
            for field, messages in (exc.errors or {None: [exc.message]}).items():
                self.add_error(field if field in self.fields else None, messages)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "display_name", "verified", "is_staff", "created_at")
    list_filter = ("verified", "is_staff", "is_active")
    search_fields = ("username", "email", "display_name")
    ordering = ("-created_at",)
    readonly_fields = ("created_at", "updated_at", "last_login")
    fieldsets = (
        (None, {"fields": ("username", "email", "password")}),
        ("Profile", {"fields": (*PROFILE_DETAILS, "verified")}),
        ("Social links", {"fields": SOCIAL_LINKS}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )

    def save_model(self, request, obj: User, form, change: bool) -> None:
        if not (change and "is_active" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        # (De)activation moves the counters of the tracks the user likes: the service does it.
        active = obj.is_active
        obj.is_active = not active
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            user_set_active(user=obj, active=active)


class ActivityAdmin(admin.ModelAdmin):
    """Likes, follows, plays and downloads move track counters, which only the services keep
    in step with the rows: the admin shows them and leaves changes to the APIs. Most are rows
    of a track and the user who acted, looked up and listed with both."""

    list_filter: tuple[str, ...] = ("created_at",)
    search_fields: tuple[str, ...] = ("track__title", "user__username")
    raw_id_fields: tuple[str, ...] = ("user", "track")
    list_select_related: tuple[str, ...] = ("user", "track")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TrackInline(admin.TabularInline):
    model = Track
    fields = ("title", "genre", "published", "plays", "likes")
    readonly_fields = ("published", "plays", "likes")
    extra = 0
    show_change_link = True


@admin.register(Album)
class AlbumAdmin(admin.ModelAdmin):
    form = CoreRulesForm
    list_display = ("title", "artist", "owner", "genre", "release_date", "published")
    list_filter = ("published", "genre")
    search_fields = ("title", "artist", "owner__username")
    raw_id_fields = ("owner",)
    inlines = [TrackInline]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    form = CoreRulesForm
    list_display = (
        "title",
        "artist",
        "owner",
        "genre",
        "mood",
        "published",
        "plays",
        "likes",
        "downloads",
        "processing_status",
        "created_at",
    )
    list_filter = (
        "published",
        "downloadable",
        "processing_status",
        "genre",
        "mood",
        "audio_format",
    )
    search_fields = ("title", "artist", "owner__username", "description")
    raw_id_fields = ("owner", "album")
    readonly_fields = (
        "plays", "likes", "downloads", "shares", "published_at", "created_at", "updated_at",
        "processing_status", "processing_error", "audio_codec", "audio_bitrate",
        "audio_sample_rate", "audio_channels", "loudness", "true_peak", "replay_gain",
    )  # fmt: skip
    date_hierarchy = "created_at"
    list_select_related = ("owner",)

    def save_model(self, request, obj: Track, form, change: bool) -> None:
        # The services' rule: becoming published stamps the moment.
        if obj.published and not obj.published_at:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)
        if change and "audio_duration" in form.changed_data:
            # Playlists and statistics measure against the duration.
            track_duration_changed(track_id=obj.pk)


@admin.register(Like)
class LikeAdmin(ActivityAdmin):
    list_display = ("user", "track", "created_at")


@admin.register(Follow)
class FollowAdmin(ActivityAdmin):
    list_display = ("follower", "following", "created_at")
    search_fields = ("follower__username", "following__username")
    raw_id_fields = ("follower", "following")
    list_select_related = ("follower", "following")


@admin.register(Play)
class PlayAdmin(ActivityAdmin):
    list_display = ("track", "user", "duration", "completed", "ip_address", "created_at")
    list_filter = ("completed",)
    search_fields = ("track__title", "user__username", "ip_address")
    date_hierarchy = "created_at"


@admin.register(Download)
class DownloadAdmin(ActivityAdmin):
    list_display = ("track", "user", "ip_address", "created_at")
    search_fields = ("track__title", "user__username", "ip_address")
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("track", "user", "short_body", "position", "created_at")
    list_filter = ("created_at",)
    search_fields = ("body", "track__title", "user__username")
    raw_id_fields = ("user", "track")
    list_select_related = ("user", "track")

    @admin.display(description="Comment")
    def short_body(self, obj: Comment) -> str:
        return obj.body[:80]


class PlaylistItemInline(admin.TabularInline):
    """Positions stay dense only through the services: the admin shows the items as they are."""

    model = PlaylistItem
    fields = ("position", "track", "added_by", "added_at")
    readonly_fields = fields
    ordering = ("position",)
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Playlist)
class PlaylistAdmin(admin.ModelAdmin):
    form = CoreRulesForm
    list_display = ("title", "owner", "visibility", "track_count", "duration", "created_at")
    list_filter = ("visibility",)
    search_fields = ("title", "owner__username")
    raw_id_fields = ("owner",)
    readonly_fields = ("track_count", "duration", "version", "created_at", "updated_at")
    list_select_related = ("owner",)
    inlines = [PlaylistItemInline]

    def save_model(self, request, obj: Playlist, form, change: bool) -> None:
        # Clients holding the previous version must notice the change.
        bump = change and bool(form.changed_data)
        if bump:
            obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
        if bump:
            obj.refresh_from_db(fields=["version"])
