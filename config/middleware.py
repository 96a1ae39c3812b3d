"""Request-level guards that apply to every API."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class MaxBodySizeMiddleware:
    """Refuse bodies over MUSEWAVE_MAX_BODY_BYTES with 413 before any view reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.MUSEWAVE_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"message": "Invalid Content-Length header."}, status=400)
        if length > limit:
            return JsonResponse(
                {"message": f"Request body too large; the limit is {limit} bytes."}, status=413
            )
        return self.get_response(request)
