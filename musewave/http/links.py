"""Absolute URLs for the APIs' link fields."""

from django.http import HttpRequest


def absolute_url(request: HttpRequest | None, url: str | None) -> str | None:
    """`url` against the address the request came to (an absolute URL stays as it is); as it
    is without a request."""
    if not url or request is None:
        return url
    return request.build_absolute_uri(url)
