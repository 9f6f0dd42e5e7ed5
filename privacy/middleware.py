"""Leads a member's first page after their first sign-in to the privacy notice (once)."""

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
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(SESSION_KEY)
            and request.method == "GET"
            and request.user.is_authenticated
            and not request.path.startswith(SKIPPED)
            and request.headers.get("x-requested-with") != "XMLHttpRequest"
        ):
            notice = reverse("privacy:member_notice")
            if request.path != notice:
                return redirect(f"{notice}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
