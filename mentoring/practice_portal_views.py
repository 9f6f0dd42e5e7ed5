"""The practice shop of a training in the producer portal, at /producer/practice/ (the
portal's URL namespace: config.urls mounts these with producers.portal.urls): the trainee's
practice shops, one training's page, working in one's practice shop, and the join link. The
rules are in mentoring.practice; the portal itself knows only sandbox shops
(Producer.is_sandbox) and which one the person works in
(producers.portal.core.SANDBOX_PRODUCER_SESSION_KEY).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from marketplace.payment.stripe_gateway import card_in_test_mode
from mentoring import accounts as member_accounts
from mentoring import practice
from mentoring.models import PracticeSession
from producers import selectors
from producers.portal.core import SANDBOX_PRODUCER_SESSION_KEY


def pending_practice_join(request) -> str | None:
    """Where the portal's wizard sends someone without a shop who opened a practice shop's
    join link before having an account (CHOPHIEN_PORTAL_PENDING_LINKS); None once the link no
    longer works."""
    token = request.session.get(practice.PENDING_PRACTICE_SESSION_KEY)
    if token and practice.seat_for_join_token(token) is not None:
        return reverse("portal:practice_join", args=[token])
    return None


class PracticeListView(LoginRequiredMixin, TemplateView):
    """/producer/practice/: the practice shops of the trainings the person takes part in."""

    template_name = "mentoring/portal/practice_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sessions"] = practice.practice_sessions_for_user(user=self.request.user)
        return context


class PracticeSessionView(LoginRequiredMixin, TemplateView):
    """One training's practice shop, for its trainees only (anyone else: 404): their own
    practice shop and the fellow trainees' products to buy with the test card."""

    template_name = "mentoring/portal/practice_session.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            session = practice.practice_session_for_user(
                user=self.request.user, pk=self.kwargs["pk"]
            )
        except PracticeSession.DoesNotExist as missing:
            raise Http404 from missing
        own = (
            session.seats.filter(producer__partner__users=self.request.user)
            .select_related("producer")
            .order_by("producer__slug")
            .first()
            .producer
        )
        products = list(practice.practice_products(session=session))
        for product in products:
            product.practice_record = product.stockrecords.all()[0]
        context.update(
            session=session,
            own=own,
            own_products=[p for p in products if p.practice_record.partner_id == own.partner_id],
            fellow_products=[p for p in products if p.practice_record.partner_id != own.partner_id],
            card_ready=card_in_test_mode(),
            in_practice=self.request.session.get(SANDBOX_PRODUCER_SESSION_KEY) == own.pk,
        )
        return context


class PracticeEnterView(LoginRequiredMixin, View):
    """Work in one's practice shop: the portal's pages now show it (another's: 404)."""

    def post(self, request, pk):
        producer = selectors.sandbox_producer_for_user(user=request.user, producer_id=pk)
        if producer is None:
            raise Http404
        request.session[SANDBOX_PRODUCER_SESSION_KEY] = producer.pk
        return redirect("portal:home")


class PracticeJoinView(TemplateView):
    """The trainee opens the link their mentor's screen shows and takes their practice shop
    with their own account (mentoring.practice.practice_join)."""

    template_name = "mentoring/portal/practice_join.html"

    def dispatch(self, request, *args, **kwargs):
        self.seat = practice.seat_for_join_token(kwargs["token"])
        if self.seat is None:
            response = self.render_to_response({"invalid": True})
            response.status_code = 404
            return response
        if not request.user.is_authenticated:
            request.session[practice.PENDING_PRACTICE_SESSION_KEY] = kwargs["token"]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            seat=self.seat,
            training=self.seat.session.training,
            member=self.seat.member,
            # An account not yet linked to a member: the trainee confirms who they are.
            confirm_member=member_accounts.member_of_account(self.request.user) is None,
        )
        return context

    def post(self, request, token):
        if not request.user.is_authenticated:
            # Signed out since the page was opened (a session that ran out): sign in, then
            # back to this link.
            return redirect_to_login(request.get_full_path())
        try:
            practice.practice_join(
                seat=self.seat,
                user=request.user,
                i_am_the_member=bool(request.POST.get("i_am_the_member")),
            )
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages))
        request.session.pop(practice.PENDING_PRACTICE_SESSION_KEY, None)
        request.session[SANDBOX_PRODUCER_SESSION_KEY] = self.seat.producer_id
        return redirect("portal:practice", pk=self.seat.session_id)


# Mounted in the producer portal's namespace ("portal") by config.urls, at /producer/.
urlpatterns = [
    path("practice/", PracticeListView.as_view(), name="practice_list"),
    path("practice/<int:pk>/", PracticeSessionView.as_view(), name="practice"),
    path("practice/shop/<int:pk>/", PracticeEnterView.as_view(), name="practice_enter"),
    path("practice/join/<str:token>/", PracticeJoinView.as_view(), name="practice_join"),
]
