"""The producer's home (status, the readiness checklist, products, sales, lots), their profile,
how they are paid and ship, and sending the profile for review again."""

from django.contrib import messages
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from marketplace.sandbox import sandbox_policy
from producers import selectors, services, trace
from producers.forms import ProfileForm, SellingSetupForm
from producers.portal.core import ProducerRequiredMixin


class PortalHomeView(ProducerRequiredMixin, TemplateView):
    """The producer's home: status, the readiness checklist and their products."""

    template_name = "producers/portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["producer"] = self.producer
        products = list(selectors.producer_product_list(producer=self.producer))
        context["readiness"] = selectors.producer_readiness(
            producer=self.producer, products=products
        )
        context["products"] = products
        context["sales"] = selectors.producer_sales_summary(producer=self.producer)
        context["lots"] = trace.producer_lot_list(producer=self.producer)[:10]
        if self.producer.is_sandbox:
            context["sandbox_page_url"] = sandbox_policy().sandbox_page_url(producer=self.producer)
        return context


class ProfileEditView(ProducerRequiredMixin, FormView):
    """The producer's own profile, for the readiness checklist's "complete your profile"."""

    template_name = "producers/portal/profile_form.html"
    form_class = ProfileForm

    def get_initial(self):
        producer = self.producer
        return {
            "name": producer.name,
            "kind": producer.kind,
            "commune": producer.commune,
            "story": producer.story,
        }

    def form_valid(self, form):
        services.producer_profile_update(
            producer=self.producer, by=self.request.user, **form.cleaned_data
        )
        return redirect(reverse("portal:home"))


class SellingSetupView(ProducerRequiredMixin, FormView):
    """How the signed-in producer is paid and ships, for the checklist's last two items. It
    works only on the person's own producer: there is no producer in the URL to change."""

    template_name = "producers/portal/selling_setup_form.html"
    form_class = SellingSetupForm

    def get_initial(self):
        initial = {name: getattr(self.producer, name) for name in services.SELLING_SETUP_FIELDS}
        initial["local_delivery_communes"] = list(self.producer.local_delivery_communes.all())
        return initial

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        password = data.pop("current_password", "")
        bank_changed = any(
            data[name] != getattr(self.producer, name) for name in services.BANK_FIELDS
        )
        if bank_changed:
            # Through the sign-in backends, so wrong guesses count as failed sign-ins
            # (django-axes): a stolen session cannot try passwords here without limit.
            if not _password_confirms(self.request, password):
                form.add_error("current_password", services.reauthentication_error())
                return self.form_invalid(form)
        try:
            services.producer_selling_setup_update(
                producer=self.producer, by=self.request.user, password=password, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if bank_changed:
            messages.success(self.request, _("Your bank account was changed."))
        messages.success(self.request, _("Your payment and delivery options were saved."))
        return redirect(reverse("portal:home"))


def _password_confirms(request, password: str) -> bool:
    """The signed-in person typed their own password again."""
    user = request.user
    identifier = user.email or user.phone
    if not password or not identifier:
        return False
    return authenticate(request, username=identifier, password=password) == user


class ResubmitView(ProducerRequiredMixin, View):
    """Send the profile for review again after fixing what staff asked for."""

    def post(self, request):
        try:
            services.producer_submit(producer=self.producer, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(reverse("portal:home"))
