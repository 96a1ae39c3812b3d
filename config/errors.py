"""The answer to an internal error outside GraphQL's own error handling."""

import sys

from django.http import HttpRequest, JsonResponse
from django_guid import get_guid

from musewave.errors import UNAVAILABLE_MESSAGE, database_unavailable


def server_error(request: HttpRequest) -> JsonResponse:
    """handler500 (used when DEBUG is off): the legacy `{"message": …}` body with the request
    id that the log line and the error report of this failure carry; 503 when the database
    could not answer for now (Django calls this while handling the exception)."""
    if database_unavailable(sys.exc_info()[1]):
        return JsonResponse({"message": UNAVAILABLE_MESSAGE, "request_id": get_guid()}, status=503)
    return JsonResponse({"message": "Internal server error.", "request_id": get_guid()}, status=500)
