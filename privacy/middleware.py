"""Leads a member to the privacy notice right after their first sign-in (once).

The sign-in's own redirect is sent to the notice, which links on to where it was going; if
the sign-in answered otherwise, the next page the member opens leads there instead."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from privacy.member_notice import SESSION_KEY

# Staff screens, files, and the requests a page makes by itself are never redirected.
SKIPPED = ("/cms-admin/", "/dashboard/", "/static/", "/media/", "/i18n/", "/sw.js", "/manifest")


class MemberNoticeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        notice = reverse("privacy:member_notice")
        if self._due(request) and request.method == "GET" and not self._skipped(request, notice):
            return redirect(f"{notice}?{urlencode({'next': request.get_full_path()})}")
        response = self.get_response(request)
        if (
            request.method == "POST"
            and response.status_code in (301, 302, 303)
            and self._due(request)
            and not self._skipped(request, notice)
        ):
            return redirect(f"{notice}?{urlencode({'next': response['Location']})}")
        return response

    def _due(self, request) -> bool:
        session = getattr(request, "session", None)
        return bool(session is not None and session.get(SESSION_KEY))

    def _skipped(self, request, notice: str) -> bool:
        return (
            request.path.startswith(SKIPPED)
            or request.path.startswith(notice.rsplit("/", 2)[0])  # the privacy pages
            or request.headers.get("x-requested-with") == "XMLHttpRequest"
        )
