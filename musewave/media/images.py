"""Covers, avatars and headers (Pillow): verified, re-encoded (which drops EXIF metadata such
as GPS positions), covers cropped square, kept in a large and a small version."""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from musewave.media.errors import MediaError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
LARGE = 1000
SMALL = 300
JPEG_QUALITY = 88


@dataclass(frozen=True)
class ProcessedImage:
    large: bytes
    small: bytes
    extension: str  # "jpg", or "png" for images with transparency
    width: int  # of the large version
    height: int


def _open(data: bytes, *, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            width, height = image.size
            if width * height > max_pixels:
                raise MediaError(f"The image is too large: at most {max_pixels} pixels.")
            image.verify()  # checks the file's structure; the image must be opened again
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            image.load()
    except MediaError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise MediaError(
            "The file is not an image that can be read (JPEG, PNG, WebP or GIF)."
        ) from None
    return image


def _encode(image: Image.Image, extension: str) -> bytes:
    out = io.BytesIO()
    if extension == "png":
        image.save(out, format="PNG", optimize=True)
    else:
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def process_image(
    data: bytes, *, square: bool, max_pixels: int, keep_alpha: bool = True
) -> ProcessedImage:
    """Re-encode an uploaded image; `square` crops it to its centred square. Transparent images
    stay PNG when `keep_alpha` (avatars, headers), else go on white as JPEG (covers)."""
    image = _open(data, max_pixels=max_pixels)
    image = ImageOps.exif_transpose(image)  # honour the camera's rotation before dropping EXIF
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha and keep_alpha:
        image, extension = image.convert("RGBA"), "png"
    else:
        if has_alpha:
            background = Image.new("RGB", image.size, (255, 255, 255))
            background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
            image = background
        image, extension = image.convert("RGB"), "jpg"
    if square:
        side = min(image.size)
        image = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
    large = image.copy()
    large.thumbnail((LARGE, LARGE), Image.Resampling.LANCZOS)
    small = image.copy()
    small.thumbnail((SMALL, SMALL), Image.Resampling.LANCZOS)
    return ProcessedImage(
        large=_encode(large, extension),
        small=_encode(small, extension),
        extension=extension,
        width=large.width,
        height=large.height,
    )
