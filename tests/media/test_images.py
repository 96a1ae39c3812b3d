"""Images are verified and re-encoded: EXIF (and GPS) dropped, covers square, two sizes."""

import io

import pytest
from PIL import Image

from musewave.media.errors import MediaError
from musewave.media.images import process_image
from tests.media import factories


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_exif_and_gps_are_removed():
    original = factories.image((800, 600), exif_gps=True)
    assert _open(original).getexif().get(0x8825)  # the test image does carry GPS data
    result = process_image(original, square=False, max_pixels=10**8)
    for data in (result.large, result.small):
        assert dict(_open(data).getexif()) == {}
        assert b"SpyCam" not in data


def test_covers_are_cropped_square_in_two_sizes():
    result = process_image(factories.image((2400, 1600)), square=True, max_pixels=10**8)
    assert _open(result.large).size == (1000, 1000)
    assert _open(result.small).size == (300, 300)
    assert _open(result.large).format == "JPEG"


def test_small_images_are_not_enlarged_and_headers_keep_their_shape():
    result = process_image(factories.image((1500, 500)), square=False, max_pixels=10**8)
    assert _open(result.large).size == (1000, 333)
    assert _open(result.small).size == (300, 100)
    tiny = process_image(factories.image((120, 80)), square=True, max_pixels=10**8)
    assert _open(tiny.large).size == (80, 80)


def test_transparency_is_kept_for_avatars_as_png_and_covers_go_on_white():
    data = factories.image((64, 64), fmt="PNG", mode="RGBA")
    avatar = _open(process_image(data, square=True, max_pixels=10**8).large)
    assert (avatar.format, avatar.mode) == ("PNG", "RGBA")
    cover = _open(process_image(data, square=True, max_pixels=10**8, keep_alpha=False).large)
    assert (cover.format, cover.mode) == ("JPEG", "RGB")


def test_decompression_bombs_are_refused_before_decoding():
    with pytest.raises(MediaError, match="too large"):
        process_image(factories.image((3000, 3000), fmt="PNG"), square=True, max_pixels=1_000_000)


@pytest.mark.parametrize(
    "data", [b"", b"GIF89a-but-not-really", factories.tone("wav", seconds=0.1)], ids=str
)
def test_what_is_not_an_image_is_refused(data):
    with pytest.raises(MediaError):
        process_image(data, square=True, max_pixels=10**8)
