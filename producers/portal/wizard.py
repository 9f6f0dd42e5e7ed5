"""The three-step registration wizard (an account, a producer profile, a first product), and
the page where someone takes over a shop drafted for them (producers.assisted)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.models import User
from legal.services import seller_accept, shown_versions, sign_up_accept
from producers import assisted, listing, selectors, services
from producers.forms import AccountForm, FirstProductForm, ProfileForm
from producers.portal.core import PENDING_DRAFT_SESSION_KEY, next_step_url

STEP_COUNT = 3


class WizardEntryView(View):
    def get(self, request):
        return redirect(next_step_url(request))


class WizardStepView(FormView):
    template_name = "producers/portal/step.html"
    step_number = 0

    def dispatch(self, request, *args, **kwargs):
        # A step that is already done sends the person on to the next missing one.
        if next_step_url(request) != request.path:
            return redirect(next_step_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(step_number=self.step_number, step_count=STEP_COUNT)
        return context


class AccountStepView(WizardStepView):
    form_class = AccountForm
    step_number = 1

    def form_valid(self, form):
        data = form.cleaned_data
        user = User.objects.create_user(
            phone=data["phone"],
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        # The terms and privacy notice the step showed, as every sign-up form records them.
        sign_up_accept(user=user, shown=shown_versions(self.request.POST))
        login(self.request, user, backend="accounts.backends.EmailOrPhoneBackend")
        return redirect(next_step_url(self.request))


class ProfileStepView(LoginRequiredMixin, WizardStepView):
    form_class = ProfileForm
    step_number = 2

    def form_valid(self, form):
        services.producer_register(user=self.request.user, **form.cleaned_data)
        # E-commerce Law: a seller accepts the platform's operating rules and the seller's
        # commitments; the versions the step showed are recorded (legal).
        seller_accept(user=self.request.user, shown=shown_versions(self.request.POST))
        return redirect(next_step_url(self.request))


class ProductStepView(LoginRequiredMixin, WizardStepView):
    form_class = FirstProductForm
    step_number = 3

    def form_valid(self, form):
        producer = selectors.producer_for_user(user=self.request.user)
        listing.producer_product_add(producer=producer, **form.cleaned_data)
        services.producer_submit(producer=producer, by=self.request.user)
        return redirect(reverse("portal:home"))


class ConfirmDraftView(TemplateView):
    """The member opens the link their mentor gave them: they see the drafted shop and take it
    over with their own account (producers.assisted.draft_confirm)."""

    template_name = "producers/portal/confirm_draft.html"

    def dispatch(self, request, *args, **kwargs):
        self.draft = assisted.draft_for_token(kwargs["token"])
        if self.draft is None:
            request.session.pop(PENDING_DRAFT_SESSION_KEY, None)
            response = self.render_to_response({"invalid": True})
            response.status_code = 404
            return response
        if not request.user.is_authenticated:
            request.session[PENDING_DRAFT_SESSION_KEY] = kwargs["token"]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            draft=self.draft,
            products=selectors.producer_product_list(producer=self.draft),
            mentor=self.draft.drafted_by,
        )
        return context

    def post(self, request, token):
        if not request.user.is_authenticated:
            return redirect(request.path)
        try:
            assisted.draft_confirm(producer=self.draft, user=request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages))
        request.session.pop(PENDING_DRAFT_SESSION_KEY, None)
        messages.success(
            request,
            _("The shop is yours now. Staff will review it; you will see their answer here."),
        )
        return redirect(reverse("portal:home"))
