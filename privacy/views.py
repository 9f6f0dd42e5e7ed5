"""The person's own pages: what the site holds (download as JSON or XLSX), a deletion request,
and a member's first sign-in notice. Every view reads request.user and nothing else: no id in
a URL or a form names whose data is read or whose deletion is asked."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from mentoring.models import Member
from privacy import member_notice, selectors, services
from privacy.sections import member_fields

FORMATS = {
    "json": ("application/json; charset=utf-8", selectors.personal_data_json),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        selectors.personal_data_xlsx,
    ),
}


class MyDataView(LoginRequiredMixin, TemplateView):
    """What the site holds about me: a summary, two downloads and the deletion request."""

    template_name = "privacy/my_data.html"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "")
        if fmt in FORMATS:
            content_type, render = FORMATS[fmt]
            body = render(selectors.personal_data_of(request.user))
            response = HttpResponse(body, content_type=content_type)
            day = timezone.localdate().isoformat()
            response["Content-Disposition"] = f'attachment; filename="du-lieu-cua-toi-{day}.{fmt}"'
            response["Cache-Control"] = "private, no-store"
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page_title": _("My personal data"),
            "sections": selectors.personal_data_of(self.request.user),
            "deletion_request": selectors.deletion_request_open_of(self.request.user),
        }


class DeletionRequestView(LoginRequiredMixin, TemplateView):
    """Ask that the site forget me: my own account only (there is no field naming anyone)."""

    template_name = "privacy/deletion_request.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page_title": _("Ask for my data to be deleted"),
            "deletion_request": selectors.deletion_request_open_of(self.request.user),
        }

    def post(self, request):
        try:
            services.deletion_request_create(
                user=request.user, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("privacy:my_data")
        messages.success(
            request,
            gettext(
                "Your request has been received. Staff will carry it out and tell you by "
                "message when it is done."
            ),
        )
        return redirect("privacy:my_data")


class MemberNoticeView(LoginRequiredMixin, TemplateView):
    """What the union holds about the member this account was confirmed as, and the basis:
    shown once after the first sign-in (privacy.member_notice); opened again later from the
    "my data" page."""

    template_name = "privacy/member_notice.html"

    def get(self, request, *args, **kwargs):
        request.session.pop(member_notice.SESSION_KEY, None)
        member_notice.notice_shown(user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        members = Member.objects.filter(
            accounts__user=self.request.user, anonymised_at__isnull=True
        ).select_related("org_unit", "mentor")
        labels = _member_labels()
        next_url = self.request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        )
        if not safe:
            next_url = "/"
        return {
            **super().get_context_data(**kwargs),
            "page_title": _("What the Youth Union holds about you"),
            "members": [
                [(labels.get(key, key), value) for key, value in member_fields(member).items()]
                for member in members
            ],
            "next_url": next_url,
        }


def _member_labels() -> dict:
    fields = {
        f.name: f.verbose_name for f in Member._meta.get_fields() if hasattr(f, "verbose_name")
    }
    return {
        **fields,
        "ethnicity_basis": _("basis for recording the ethnicity"),
        "recorded_since": _("on the roster since"),
    }


app_name = "privacy"
urlpatterns = [
    path("", MyDataView.as_view(), name="my_data"),
    path("delete/", DeletionRequestView.as_view(), name="deletion_request"),
    path("member/", MemberNoticeView.as_view(), name="member_notice"),
]
