"""The seller identification step of the portal (producers.identification): the owner sends
who they are, and sees where it stands (waiting, identified on a date, refused with the
reason). The documents are never shown back, not even to the person who sent them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from producers import identification
from producers.forms import IdentityForm
from producers.models import SellerIdentity
from producers.portal.core import ProducerRequiredMixin


class IdentityView(ProducerRequiredMixin, FormView):
    template_name = "producers/portal/identity.html"
    form_class = IdentityForm

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        if self.identity and self.identity.status == SellerIdentity.Status.APPROVED:
            return redirect(reverse("portal:identity"))
        return super().post(request, *args, **kwargs)

    def _check(self):
        if self.producer.is_sandbox:  # a practice shop never sells: nobody to identify
            raise Http404
        self.identity = SellerIdentity.objects.filter(producer=self.producer).first()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "holder": identification.holder_for(self.producer)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "identity": self.identity}

    def form_valid(self, form):
        try:
            identity = identification.identity_submit(
                producer=self.producer,
                by=self.request.user,
                documents=form.documents(),
                **form.details(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        if identity.status == SellerIdentity.Status.APPROVED:
            messages.success(self.request, _("Your identity is confirmed. You can sell."))
        else:
            messages.success(
                self.request,
                _("Sent. Staff will check your documents; you will see the answer here."),
            )
        return redirect(reverse("portal:identity"))
