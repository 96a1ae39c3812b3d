"""A track's audio over HTTP: its stream (with byte ranges, for players), a signed link to it,
and the download of its original. Errors answer in the legacy JSON formats."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response

from musewave import services
from musewave.http import delivery
from musewave.http.links import absolute_url
from musewave.selectors import media as media_selectors
from musewave.throttling import throttle_write
from rest_compat import openapi
from rest_compat.actors import authenticated_user
from rest_compat.base import LegacyAPIView, client_details, path_object
from rest_compat.serializers.common import ErrorSerializer
from rest_compat.serializers.tracks import StreamURLSerializer

TAG = ["media"]
AUDIO_TYPES = "audio/*"
SIGNATURE_PARAMS = [
    OpenApiParameter(
        "sig", OpenApiTypes.STR, OpenApiParameter.QUERY, description="A signed link's signature."
    ),
    OpenApiParameter(
        "exp",
        OpenApiTypes.INT,
        OpenApiParameter.QUERY,
        description="A signed link's expiry (Unix time).",
    ),
]
RANGE_HEADERS = [
    OpenApiParameter(
        "Range",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="One byte range (`bytes=a-b`, `bytes=a-` or `bytes=-n`); a malformed one, "
        "or several, is ignored.",
    ),
    OpenApiParameter(
        "If-Range",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="Honour `Range` only while this ETag or date is current.",
    ),
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An ETag the client has: 304 while it is current.",
    ),
]
FILE_RESPONSES = {
    (200, AUDIO_TYPES): OpenApiResponse(OpenApiTypes.BINARY, description="The audio."),
    (206, AUDIO_TYPES): OpenApiResponse(OpenApiTypes.BINARY, description="The range asked for."),
    302: OpenApiResponse(
        description="Fetch it there: an external audio URL, or the object store (presigned)."
    ),
    304: OpenApiResponse(description="The client's copy (`If-None-Match`) is current."),
    (404, "application/json"): openapi.NOT_FOUND,
    416: OpenApiResponse(
        description="The range starts past the end (`Content-Range: bytes */<size>`); no body."
    ),
}


class AnyAccept(BaseContentNegotiation):
    """Audio elements send `Accept: audio/*` and the like: the bytes are what they asked for,
    and an error answers in JSON whatever the header says."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _signature(request) -> media_selectors.StreamSignature | None:
    sig, exp = request.query_params.get("sig"), request.query_params.get("exp")
    if sig is None and exp is None:
        return None
    return media_selectors.StreamSignature(sig=sig or "", exp=exp or "")


class TrackStreamView(LegacyAPIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        tags=TAG,
        summary="Stream a track (byte ranges for seeking)",
        description="The streaming rendition (AAC in M4A), or the original while there is none "
        "or when processing failed; a track from an external audio URL redirects there. A "
        "draft streams only for its owner and staff, or with a signed link (`sig`, `exp`; see "
        "`stream-url`): a tampered, expired or another track's signature is a 403. "
        "`Accept-Ranges: bytes`, a strong `ETag` and `Last-Modified`; HEAD answers the same "
        "headers. With S3 storage the answer is a 302 to the object; with MEDIA_ACCEL_REDIRECT "
        "nginx sends the file.",
        parameters=[openapi.TRACK_ID, *SIGNATURE_PARAMS, *RANGE_HEADERS],
        responses={
            **FILE_RESPONSES,
            (403, "application/json"): OpenApiResponse(
                ErrorSerializer,
                description="A signed link that was tampered with, has expired or is another "
                "track's.",
            ),
        },
    )
    def get(self, request, track_id):
        found = path_object(
            media_selectors.track_stream_get,
            track_id=track_id,
            viewer=authenticated_user(request),
            signature=_signature(request),
        )
        return delivery.prepare(request, found.media).response()


class TrackStreamURLView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="A link to a track's stream that works without a header",
        description="For an `<audio>` element, which cannot send a token: a published track's "
        "stream, or a draft's signed for STREAM_URL_SECONDS (only its owner and staff get "
        "one; anyone else gets a 404).",
        parameters=[openapi.TRACK_ID],
        responses={200: StreamURLSerializer, 404: openapi.NOT_FOUND},
    )
    def get(self, request, track_id):
        found = path_object(
            media_selectors.track_stream_get,
            track_id=track_id,
            viewer=authenticated_user(request),
        )
        link = media_selectors.track_stream_link(track=found.track)
        body = {"url": absolute_url(request, link.path), "expires_at": link.expires_at}
        return Response(StreamURLSerializer(body).data)


class TrackFileView(LegacyAPIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        tags=TAG,
        summary="Download a track's original file",
        description='An attachment named "<artist> - <title>.<ext>". A GET that sends the file '
        "from its first byte records a download, as `POST …/download/` does (once per "
        "download: resumed ranges, HEAD and 304 record nothing) and counts against the write "
        "limits. A track that is not downloadable answers 403 to everyone but its owner and "
        "staff; a draft is only theirs.",
        parameters=[openapi.TRACK_ID, *RANGE_HEADERS],
        responses={
            **FILE_RESPONSES,
            (403, "application/json"): OpenApiResponse(
                ErrorSerializer, description="The track is not downloadable (to this caller)."
            ),
            (429, "application/json"): openapi.INVALID,
        },
    )
    def get(self, request, track_id):
        viewer = authenticated_user(request)
        found = path_object(media_selectors.track_file_get, track_id=track_id, viewer=viewer)
        answer = delivery.prepare(request, found.media)
        if answer.serves_start:
            details = client_details(request)
            throttle_write(user_id=viewer.pk if viewer else None, ip_address=details["ip_address"])
            services.download_record(actor=viewer, track=found.track, **details)
        return answer.response()
