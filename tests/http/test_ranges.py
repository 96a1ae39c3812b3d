"""The Range header parser: RFC 9110's byte ranges, and what a server ignores."""

import pytest

from musewave.http.ranges import ByteRange, RangeNotSatisfiable, parse_range

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-0", ByteRange(0, 0)),  # the first byte
        ("bytes=999-999", ByteRange(999, 999)),  # the last byte
        ("bytes=0-499", ByteRange(0, 499)),
        ("bytes=500-", ByteRange(500, 999)),
        ("bytes=500-5000", ByteRange(500, 999)),  # clamped to the end
        ("bytes=-1", ByteRange(999, 999)),
        ("bytes=-300", ByteRange(700, 999)),
        ("bytes=-5000", ByteRange(0, 999)),  # a suffix longer than the file: all of it
        ("Bytes = 10-19", ByteRange(10, 19)),  # the unit ignores case; whitespace is allowed
        ("bytes= 10-19 ,", ByteRange(10, 19)),  # an empty list element is no range
    ],
)
def test_ranges_within_the_file(header, expected):
    assert parse_range(header, size=SIZE) == expected


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "bytes=0-1,5-6",  # two ranges: served whole
        "bytes=0-1, -5",
        "items=0-1",  # another unit
        "bytes 0-1",
        "bytes=",
        "bytes=-",
        "bytes=abc",
        "bytes=5-1",  # last before first: invalid, not unsatisfiable
        "bytes=+1-2",
        "bytes=1-2-3",
        "bytes=١-٢",  # digits other than ASCII
        "garbage",
    ],
)
def test_malformed_or_several_ranges_are_ignored(header):
    assert parse_range(header, size=SIZE) is None


@pytest.mark.parametrize(
    "header", ["bytes=1000-", "bytes=1000-2000", "bytes=99999999999999-", "bytes=-0"]
)
def test_ranges_past_the_end_are_unsatisfiable(header):
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, size=SIZE)


def test_nothing_of_an_empty_file_is_satisfiable():
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=0-", size=0)
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=-10", size=0)


def test_content_range_and_length():
    wanted = ByteRange(100, 199)
    assert (wanted.length, wanted.content_range(SIZE)) == (100, "bytes 100-199/1000")
