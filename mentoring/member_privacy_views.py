"""A member's account and personal data, in the Mentoring admin: a new password for a member
who signs in by phone and has no email (their mentor or staff), and anonymising a member on
their request (provincial staff). Rules in mentoring.services; every view starts from the
members the person may see."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.qr import qr_svg
from mentoring import accounts as member_accounts
from mentoring import selectors, services
from mentoring.member_pages import MemberPageFrame


class MemberPageMixin(MemberPageFrame):
    permission = "mentoring.change_member"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        visible = selectors.members_visible_to(request.user)
        self.member = get_object_or_404(visible, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "member": self.member,
            "member_url": self.member_url(),
            "search_form": None,  # not Oscar's (see mentoring.admin.scoping.ScopedViewMixin)
        }


class MemberAccountsView(MemberPageMixin, TemplateView):
    page_title = _("Sign-in help")
    header_icon = "key"
    template_name = "mentoring/admin/member_accounts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["accounts"] = accounts = list(selectors.member_accounts(self.member))
        if not accounts:
            # The member links their own account: the link is opened on their phone, signed
            # in, and confirmed there (mentoring.accounts); nothing typed here links one.
            token = member_accounts.link_token(member=self.member, by=self.request.user)
            link = self.request.build_absolute_uri(
                reverse("mentoring_accounts:member_link", args=[token])
            )
            context["link"] = link
            context["link_qr"] = qr_svg(link, label=gettext("Link to confirm the member's account"))
        return context

    def post(self, request, pk):
        account = get_object_or_404(
            selectors.member_accounts(self.member), pk=request.POST.get("account")
        )
        password = services.member_account_password_reset(
            member=self.member, account=account, by=request.user
        )
        # Shown once, on this response only: it is not stored anywhere readable.
        return self.render_to_response(
            self.get_context_data(new_password=password, reset_account=account)
        )


class MemberAnonymiseView(MemberPageMixin, TemplateView):
    page_title = _("Anonymise member")
    header_icon = "warning"
    template_name = "mentoring/admin/member_anonymise.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.can_see_everything(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        services.member_anonymise(member=self.member, by=request.user)
        messages.success(request, gettext("The member has been anonymised."))
        return redirect(self.member_url())


urlpatterns = [
    path("accounts/<int:pk>/", MemberAccountsView.as_view(), name="accounts"),
    path("anonymise/<int:pk>/", MemberAnonymiseView.as_view(), name="anonymise"),
]
