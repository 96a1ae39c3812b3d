"""The errors of the media helpers."""


class MediaError(ValueError):
    """The file cannot be used: not decodable, of a refused kind, or over a limit. The message
    is meant for the uploader."""


class MediaTooLarge(MediaError):
    """The file is over a size limit."""

    def __init__(self, max_bytes: int):
        super().__init__(f"The file is larger than the limit of {max_bytes} bytes.")
        self.max_bytes = max_bytes


def check_size(size: int, *, max_bytes: int) -> None:
    if size > max_bytes:
        raise MediaTooLarge(max_bytes)
    if size == 0:
        raise MediaError("The file is empty.")
