"""The admin site: Django's, with its login under the same abuse limits as the API login."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from musewave.clients import client_address
from musewave.errors import Throttled
from musewave.throttling import throttle_login


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """Counts each attempt against the login limits before the password is checked, so that
    once an address or account is throttled even the right password is refused."""

    throttled: Throttled | None = None

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and self.cleaned_data.get("password"):
            try:
                throttle_login(
                    ip_address=client_address(self.request.META), username_or_email=username
                )
            except Throttled as exc:
                self.throttled = exc
                raise ValidationError(exc.message, code="throttled") from exc
        return super().clean()


class MusewaveAdminSite(admin.AdminSite):
    login_form = ThrottledAdminAuthenticationForm

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if isinstance(form, ThrottledAdminAuthenticationForm) and form.throttled is not None:
            # The login page with the message, as a 429 that says when to come back.
            response.status_code = 429
            response["Retry-After"] = str(form.throttled.retry_after)
        return response
