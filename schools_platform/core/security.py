"""HTTP-level protections every response gets (docs/security.md).

- ``PathCSPMiddleware``: django-csp's middleware, with a looser policy for the admin areas that
  cannot yet run under the strict one (``CONTENT_SECURITY_POLICY_BY_PATH``).
- ``NoStoreMiddleware``: ``Cache-Control: private, no-store`` on every signed-in page and every
  API response, so no shared or browser cache keeps personal or school data.
- ``AdminLogoutView``: Wagtail's logout, which deletes the session cookie even on a refused GET,
  made to sign out on a POST with a valid CSRF token only.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.utils.cache import patch_cache_control
from wagtail.admin.views.account import LogoutView as WagtailLogoutView


def _policy_for_path(path: str) -> dict | None:
    for prefix, policy in getattr(settings, "CONTENT_SECURITY_POLICY_BY_PATH", {}).items():
        if path.startswith(prefix):
            return policy
    return None


class PathCSPMiddleware(CSPMiddleware):
    """The site-wide ``CONTENT_SECURITY_POLICY``, or the first matching path prefix's policy."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        policy = None if report_only else _policy_for_path(request.path_info)
        if policy is not None and parts.config is None:
            parts.config = default_config(policy["DIRECTIVES"])
            # A nonce in script-src makes browsers ignore 'unsafe-inline', which these need.
            parts.nonce = None
        return parts


class NoStoreMiddleware:
    """Signed-in pages and API answers must not be stored by any cache (static files are not
    affected: whitenoise answers them before this runs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path_info.startswith("/api/"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class AdminLogoutView(WagtailLogoutView):
    """Wagtail's sign-out, refusing anything but POST before it touches the session cookie."""

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
