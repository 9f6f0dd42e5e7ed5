from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose another language with the site's switcher.

    The browser's Accept-Language is ignored on purpose: many Vietnamese phones run an English
    system locale, and their owners still read Vietnamese first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# The staff areas run Wagtail's and Oscar's own admin pages, whose templates carry inline
# scripts (date pickers, inline panels, Oscar's dashboard start-up): there, and only there,
# inline scripts are allowed. Only signed-in staff and mentors reach these pages.
ADMIN_PREFIXES = ("/cms-admin/", "/dashboard/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's CONTENT_SECURITY_POLICY, with inline scripts allowed in ADMIN_PREFIXES."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(ADMIN_PREFIXES):
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), "'unsafe-inline'"]
            parts.update = update
        return parts
