"""The answer to an internal error outside GraphQL's own error handling."""

from django.http import HttpRequest, JsonResponse
from django_guid import get_guid


def server_error(request: HttpRequest) -> JsonResponse:
    """handler500 (used when DEBUG is off): the legacy `{"message": …}` body with the request
    id that the log line and the error report of this failure carry."""
    return JsonResponse({"message": "Internal server error.", "request_id": get_guid()}, status=500)
