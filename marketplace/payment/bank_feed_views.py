"""The bank feed's webhook (Casso or SePay) and staff's reconciliation page."""

import logging

from django import http
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.csrf import csrf_exempt
from oscar.core.loading import get_model

from marketplace.payment import bank_feed
from marketplace.payment.forms import BankTransactionMatchForm

BankTransaction = get_model("payment", "BankTransaction")

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024  # one transaction is well under 2 kB


def _answer(status: int = 200, **extra) -> http.JsonResponse:
    # SePay stops retrying on a 2xx with {"success": true}; Casso on any 2xx.
    return http.JsonResponse({"success": status < 300, **extra}, status=status)


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class BankFeedWebhookView(generic.View):
    """A transaction pushed by the configured feed. Bad authentication: 401, so the provider
    retries (a key being rotated) and nothing is read; an authenticated body we cannot read:
    400; everything readable is recorded and answered 200, matched or not, because retrying
    would not change it: staff see the unmatched ones."""

    def post(self, request, *args, **kwargs):
        provider, secret = bank_feed.feed_settings()
        if provider not in bank_feed.PROVIDERS:
            raise http.Http404
        if len(request.body) > MAX_BODY_BYTES:
            return _answer(413, message="body too large")
        try:
            body = bank_feed.authenticate(
                provider=provider, secret=secret, headers=request.headers, raw=request.body
            )
            items = bank_feed.incoming_parse(provider=provider, body=body)
        except bank_feed.Unauthenticated as error:
            logger.warning("Bank feed (%s): refused a call: %s", provider, error)
            return _answer(401, message="unauthorized")
        except bank_feed.Malformed as error:
            logger.warning("Bank feed (%s): unreadable body: %s", provider, error)
            return _answer(400, message="malformed")
        for item in items:
            row, created = bank_feed.transaction_receive(provider=provider, incoming=item)
            if not created:
                logger.info("Bank feed (%s): %s again, ignored", provider, row.transaction_id)
        return _answer(200)


@method_decorator(staff_member_required(login_url="customer:login"), name="dispatch")
class ReconciliationView(generic.TemplateView):
    """Transactions from the bank feed that did not settle a payment by themselves, with a
    form each to match it to an order by hand or set it aside once dealt with."""

    template_name = "payment/bank_feed_reconciliation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show_all = self.request.GET.get("show") == "all"
        rows = BankTransaction.objects.select_related(
            "source__order", "source__partner", "matched_by", "resolved_by"
        )
        if not show_all:
            rows = rows.filter(state__in=BankTransaction.FLAGGED, resolved_at=None)
        rows = list(rows[:200])
        for row in rows:
            row.match_form = BankTransactionMatchForm(prefix=f"row-{row.pk}")
        context.update(rows=rows, show_all=show_all)
        return context

    def post(self, request, *args, **kwargs):
        row = get_object_or_404(BankTransaction, pk=request.POST.get("row"))
        try:
            if "match" in request.POST:
                form = BankTransactionMatchForm(request.POST, prefix=f"row-{row.pk}")
                if not form.is_valid():
                    raise ValidationError([e for errors in form.errors.values() for e in errors])
                row = bank_feed.bank_transaction_match(
                    row_id=row.pk,
                    order_number=form.cleaned_data["order_number"],
                    index=form.cleaned_data["index"],
                    by=request.user,
                )
                messages.success(
                    request,
                    _("Matched to order %(number)s: %(state)s.")
                    % {"number": row.source.order.number, "state": row.get_state_display()},
                )
            elif "resolve" in request.POST:
                bank_feed.bank_transaction_resolve(row_id=row.pk, by=request.user)
                messages.success(request, _("Set aside as dealt with."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("payments:bank-feed")
