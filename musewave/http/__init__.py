"""Delivering stored media over HTTP: byte ranges, conditional requests, bytes streamed from
storage in chunks, or a hand-off to the object store or the web server in front. It knows
requests and responses, never users: the selectors say which file a caller may have."""
