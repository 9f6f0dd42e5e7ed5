"""Thin views: the gate after sign-in, a stable address per document, a person's consents."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from legal import gate, services
from legal.forms import MarketingConsentForm
from legal.models import Consent, DocumentKind
from legal.selectors import consents_of, marketing_consent, needs_acceptance, version_in_force


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("customer:summary")


def _kinds(request) -> tuple[str, ...]:
    """The documents the gate asks for: those named in ?kinds= (the portal asks for the
    seller's), or what this person accepts at sign-in."""
    asked = [k for k in request.GET.get("kinds", "").split(",") if k in DocumentKind.values]
    return tuple(asked) or gate.kinds_for(request.user)


class GateView(LoginRequiredMixin, TemplateView):
    """ "Điều khoản đã thay đổi": what changed in each version to accept, and one button."""

    template_name = "legal/gate.html"

    def get(self, request, *args, **kwargs):
        self.wanted = needs_acceptance(request.user, _kinds(request))
        if not self.wanted:
            request.session.pop(gate.SESSION_KEY, None)
            return redirect(_safe_next(request, request.GET.get("next", "")))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            versions=self.wanted,
            next=_safe_next(self.request, self.request.GET.get("next", "")),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        shown = {
            key[len("version_") :]: value
            for key, value in request.POST.items()
            if key.startswith("version_")
        }
        try:
            services.gate_accept(user=request.user, kinds=_kinds(request), shown=shown)
        except services.TermsChanged as error:
            messages.error(request, error.messages[0])
            return redirect(request.get_full_path())
        if not needs_acceptance(request.user, gate.kinds_for(request.user)):
            request.session.pop(gate.SESSION_KEY, None)
        messages.success(request, _("Thank you: your acceptance is recorded."))
        return redirect(_safe_next(request, request.POST.get("next", "")))


class CurrentDocumentView(View):
    """/legal/<kind>/: the version in force, wherever its page is (footers, checkout)."""

    def get(self, request, kind):
        version = version_in_force(kind) if kind in DocumentKind.values else None
        if version is None:
            raise Http404
        return redirect(version.url)


class ConsentsView(LoginRequiredMixin, FormView):
    """What I agreed to and when; news and offers on or off (each change kept as history)."""

    template_name = "legal/consents.html"
    form_class = MarketingConsentForm

    def get_initial(self):
        return {"marketing": marketing_consent(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=consents_of(self.request.user), **kwargs)

    def form_valid(self, form):
        wanted = form.cleaned_data["marketing"]
        if wanted != marketing_consent(self.request.user):
            services.consent_record(
                user=self.request.user,
                purpose=Consent.Purpose.MARKETING,
                granted=wanted,
                source="consents_page",
            )
            messages.success(
                self.request,
                _("You will receive news and offers.")
                if wanted
                else _("You will no longer receive news and offers."),
            )
        return redirect("legal:consents")
