"""A member links their own account: the sign-in help link their mentor's screen shows
(mentoring.member_privacy_views), opened on the member's own phone at /producer/member/<token>/
(mentoring.accounts). Mounted by config.urls next to the producer portal, whose wizard leads
back here once a visitor without an account has made one (CHOPHIEN_PORTAL_PENDING_LINKS)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from mentoring import accounts as member_accounts
from mentoring.models import MemberAccount

# The link opened before having an account. The key keeps the name it had in the portal, so
# sessions already holding it still lead back.
PENDING_MEMBER_LINK_SESSION_KEY = "producers.pending_member_link"


def pending_member_link(request) -> str | None:
    """Where the portal's wizard sends someone without a shop who opened a member link before
    having an account (CHOPHIEN_PORTAL_PENDING_LINKS); None once the link no longer works."""
    linking = request.session.get(PENDING_MEMBER_LINK_SESSION_KEY)
    if linking and member_accounts.member_for_link_token(linking):
        return reverse("mentoring_accounts:member_link", args=[linking])
    return None


class MemberLinkView(TemplateView):
    """The member opens the sign-in help link their mentor's screen shows and confirms, signed
    in to their own account, that they are that member (mentoring.accounts)."""

    template_name = "mentoring/member_link.html"

    def dispatch(self, request, *args, **kwargs):
        found = member_accounts.member_for_link_token(kwargs["token"])
        if found is None:
            request.session.pop(PENDING_MEMBER_LINK_SESSION_KEY, None)
            response = self.render_to_response({"invalid": True})
            response.status_code = 404
            return response
        self.member, self.link_by_id = found
        if not request.user.is_authenticated:
            request.session[PENDING_MEMBER_LINK_SESSION_KEY] = kwargs["token"]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = member_accounts.member_of_account(self.request.user)
        context.update(member=self.member, linked=mine is not None and mine.pk == self.member.pk)
        return context

    def post(self, request, token):
        if not request.user.is_authenticated:
            # Signed out since the page was opened (a session that ran out): sign in, then
            # back to this link.
            return redirect_to_login(request.get_full_path())
        if not request.POST.get("i_am_the_member"):
            errors = [_("Tick the box to confirm that you are this member.")]
            return self.render_to_response(self.get_context_data(errors=errors))
        try:
            member_accounts.member_account_link(
                member=self.member,
                user=request.user,
                via=MemberAccount.Via.LINK,
                link_by_id=self.link_by_id,
            )
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages))
        request.session.pop(PENDING_MEMBER_LINK_SESSION_KEY, None)
        messages.success(request, _("Your account is now linked to your member record."))
        return redirect(request.path)


urlpatterns = [
    path("<str:token>/", MemberLinkView.as_view(), name="member_link"),
]
