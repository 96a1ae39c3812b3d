"""The `Range` request header (RFC 9110 §14): which bytes of a representation a client asks
for."""

import re
from dataclasses import dataclass

_SPEC = re.compile(r"([0-9]*)-([0-9]*)", re.ASCII)


@dataclass(frozen=True)
class ByteRange:
    """Bytes `first` to `last` inclusive, as `Content-Range` writes them."""

    first: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.first}-{self.last}/{size}"


class RangeNotSatisfiable(Exception):
    """Every range asked for starts beyond the end of the representation (416)."""


def parse_range(header: str | None, *, size: int) -> ByteRange | None:
    """The one range of `size` bytes that `header` asks for, or None to send the whole
    representation: no header, another unit, a malformed one (a server ignores those, RFC 9110
    §14.2), or several ranges (which a server may ignore too; players ask for one).

    `a-b` is clamped to the end, `a-` runs to the end, `-n` is the last n bytes (the whole of a
    shorter representation). RangeNotSatisfiable when the range starts at or past the end, or is
    the empty suffix `-0`.
    """
    if not header:
        return None
    unit, sep, specs = header.partition("=")
    if not sep or unit.strip().lower() != "bytes":
        return None
    # A list may hold empty elements (RFC 9110 §5.6.1): "bytes=0-99," is one range.
    parts = [part.strip() for part in specs.split(",") if part.strip()]
    if len(parts) != 1:
        return None
    match = _SPEC.fullmatch(parts[0])
    if match is None:
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None  # "-" alone
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return ByteRange(first=max(size - suffix, 0), last=size - 1)
    start = int(first)
    end = int(last) if last else None
    if end is not None and end < start:
        return None  # invalid: ignored, not unsatisfiable
    if start >= size:
        raise RangeNotSatisfiable
    return ByteRange(first=start, last=min(end if end is not None else size - 1, size - 1))
