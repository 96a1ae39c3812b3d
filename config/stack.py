"""Calls that start on a fresh chunk of CPython's frame stack.

CPython 3.11 and 3.12 keep Python frames in chunks of 16 KiB, allocated with mmap when a call
does not fit in the current chunk and unmapped as soon as that call returns
(python/cpython#142183; 2026's 3.13 and 3.14 releases keep one spare chunk). A loop that calls
across the end of a chunk therefore maps and unmaps a chunk, and faults its pages in, on every
iteration. GraphQL resolves each field of each row through the same few nested calls, so when
a WSGI server's own frames put that loop at a chunk's edge, every field pays for it: under
gunicorn's sync worker a list of 50 tracks took about 400 page faults and 60% more time than
the same request made in-process.

`call_on_fresh_chunk` runs a call under a frame larger than a whole 16 KiB chunk, so the call
starts near the beginning of a new chunk of 64 KiB with about 40 KiB free. Where the
request's own calls sit then no longer depends on the server that called it, and a request
must nest that much deeper before it reaches the next edge.
"""

from collections.abc import Callable
from typing import Any

# Frame slots of the padding frame: more than a 16 KiB chunk holds (2,048), so the frame never
# fits in the current chunk's free space; and few enough that, with the 1,000 slots CPython
# adds when it sizes a chunk, the new chunk is 64 KiB and keeps most of its room for the call.
PADDING_SLOTS = 3_100

_source = (
    "def call_on_fresh_chunk(function, /, *args, **kwargs):\n"
    "    if False:\n"
    f"        {' = '.join(f'_{slot}' for slot in range(PADDING_SLOTS))} = None\n"
    "    return function(*args, **kwargs)\n"
)
_namespace: dict[str, Any] = {}
# Generated because only a function with that many local variables has a frame that large;
# the assignment never runs, but it makes each name a local of the function.
exec(compile(_source, __file__, "exec"), _namespace)  # noqa: S102
call_on_fresh_chunk: Callable[..., Any] = _namespace["call_on_fresh_chunk"]
call_on_fresh_chunk.__doc__ = "`function(*args, **kwargs)`, started on a fresh frame-stack chunk."
call_on_fresh_chunk.__module__ = __name__


class FreshStackWSGI:
    """A WSGI application whose every request runs on a fresh frame-stack chunk."""

    def __init__(self, application: Callable) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable):
        return call_on_fresh_chunk(self.application, environ, start_response)
