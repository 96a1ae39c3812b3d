"""Reads on listening: plays and downloads, each with its track's owner, who may see the
listener (`privacy.listener_visible`)."""

from typing import Unpack

from django.db.models import QuerySet

from musewave.models import Download, Play
from musewave.selectors.privacy import with_track_owner
from musewave.selectors.tracks import RowsOf, rows_of


def plays_of(**which: Unpack[RowsOf]) -> QuerySet[Play]:
    """The plays of a track or by a listener (`rows_of`)."""
    return with_track_owner(rows_of(Play, **which))


def downloads_of(**which: Unpack[RowsOf]) -> QuerySet[Download]:
    """The downloads of a track or by a user (`rows_of`)."""
    return with_track_owner(rows_of(Download, **which))
