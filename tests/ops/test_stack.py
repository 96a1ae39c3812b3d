"""Requests under WSGI start on a fresh chunk of CPython's frame stack (config/stack.py)."""

import json
import resource
import sys

import pytest

from config.stack import FreshStackWSGI, call_on_fresh_chunk
from config.wsgi import application
from tests.ops.conftest import wsgi_get

# Calls of a function made at each depth: enough that a chunk mapped and unmapped per call
# stands far above the few page faults anything else costs.
CALLS = 2_000
# Nesting depths tried: over 16 KiB of frames in all, so a chunk edge is among them.
DEPTHS = range(160)


def _leaf() -> None:
    # Local variables make the frame larger than a `_calls_at` frame, so that at one of the
    # depths the call no longer fits in what is left of the chunk.
    if False:
        _1 = _2 = _3 = _4 = _5 = _6 = _7 = _8 = _9 = _10 = _11 = _12 = _13 = _14 = _15 = None
        _16 = _17 = _18 = _19 = _20 = _21 = _22 = _23 = _24 = _25 = _26 = _27 = _28 = None


def _calls_at(depth: int) -> int:
    """The page faults of CALLS calls made `depth` frames further down the stack."""
    if depth:
        return _calls_at(depth - 1)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(CALLS):
        _leaf()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def _worst(run) -> int:
    return max(run(depth) for depth in DEPTHS)


@pytest.mark.skipif(
    sys.implementation.name != "cpython" or sys.version_info >= (3, 13),
    reason="the fixed CPython releases keep a spare chunk, so crossing an edge costs nothing",
)
def test_a_loop_at_a_chunk_edge_no_longer_maps_a_chunk_per_call():
    # Somewhere among the depths, each call crosses into a new chunk, which is mapped and its
    # page faulted in, then unmapped when the call returns.
    assert _worst(_calls_at) >= CALLS // 2
    # From a fresh chunk the same depths stay inside it.
    assert _worst(lambda depth: call_on_fresh_chunk(_calls_at, depth)) < CALLS // 20


def test_call_on_fresh_chunk_passes_the_arguments_and_the_result_or_the_error():
    assert call_on_fresh_chunk(lambda a, /, b, *, c: (a, b, c), 1, 2, c=3) == (1, 2, 3)
    assert call_on_fresh_chunk(dict, function=4) == {"function": 4}
    with pytest.raises(KeyError, match="missing"):
        call_on_fresh_chunk({}.__getitem__, "missing")


# A WSGI request closes the connections it finds at its start, so no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_the_wsgi_entry_answers_as_django_does(make_user, make_track):
    make_track(owner=make_user(username="wsgi"), title="Edge Case")
    assert isinstance(application, FreshStackWSGI)
    status, headers, body = wsgi_get(application, "/musewave/tracks/", "limit=5")
    bare = wsgi_get(application.application, "/musewave/tracks/", "limit=5")
    assert (status, headers["Content-Type"], body) == (bare[0], bare[1]["Content-Type"], bare[2])
    assert status == "200 OK"
    assert [track["title"] for track in json.loads(body)] == ["Edge Case"]
