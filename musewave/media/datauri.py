"""The `data:` URLs legacy clients send files in (RFC 2397): `data:<mime>;base64,<payload>`."""

import base64
import binascii
import re
from dataclasses import dataclass

from musewave.media.errors import MediaError, MediaTooLarge, check_size

PREFIX = "data:"
_HEADER = re.compile(
    r"^data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?P<params>(?:;[\w.+-]+=[\w.+-]+)*);base64$"
)


@dataclass(frozen=True)
class DataURL:
    mime: str
    data: bytes


def is_data_url(value: object) -> bool:
    return isinstance(value, str) and value[: len(PREFIX)].lower() == PREFIX


def parse_data_url(value: str, *, max_bytes: int) -> DataURL:
    """The decoded payload of a base64 `data:` URL; anything else is a MediaError.

    The size is checked from the encoded length before anything is decoded.
    """
    header, sep, payload = value.partition(",")
    match = _HEADER.match(header.strip().lower()) if sep else None
    if not match:
        raise MediaError("Enter a valid data: URL of the form data:<type>;base64,<data>.")
    payload = payload.strip()
    if len(payload) // 4 * 3 > max_bytes + 3:
        raise MediaTooLarge(max_bytes)
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise MediaError("The data: URL's payload is not valid base64.") from None
    check_size(len(data), max_bytes=max_bytes)
    return DataURL(mime=match.group("mime") or "application/octet-stream", data=data)
