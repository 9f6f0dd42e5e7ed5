"""The producer's lots (producers.trace): recording them, their QR code and label sheets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from core.qr import qr_code
from producers import selectors, trace
from producers.forms import LotForm
from producers.portal.core import ProducerRequiredMixin


class LotListView(ProducerRequiredMixin, ListView):
    """The producer's lots, with their scan counts and labels."""

    template_name = "producers/portal/lots.html"
    context_object_name = "lots"
    paginate_by = 30

    def get_queryset(self):
        return trace.producer_lot_list(producer=self.producer)


class LotFormView(ProducerRequiredMixin, FormView):
    """Record a lot (no pk) or change one of the producer's own (pk; another's gives 404)."""

    template_name = "producers/portal/lot_form.html"
    form_class = LotForm

    def get_lot(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            trace.producer_lot_list(producer=self.producer), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.lot = self.get_lot()
        kwargs["products"] = selectors.producer_product_list(producer=self.producer)
        if self.lot is not None:
            kwargs["initial"] = {
                "product": self.lot.product,
                **{name: getattr(self.lot, name) for name in trace.LOT_FIELDS},
            }
        elif "product" in self.request.GET:
            kwargs["initial"] = {"product": self.request.GET["product"]}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lot"] = self.lot
        if self.lot is not None:
            url = self.request.build_absolute_uri(self.lot.get_absolute_url())
            context["trace_url"] = url
            context["qr"] = qr_code(url).svg_inline(
                border=4, omitsize=True, svgclass="cp-qr", title=_("QR code of the lot")
            )
        return context

    def form_valid(self, form):
        try:
            lot = trace.lot_save(
                producer=self.producer, by=self.request.user, lot=self.lot, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The lot is saved. Print its labels below."))
        return redirect("portal:lot_edit", pk=lot.pk)


class LotLabelsView(ProducerRequiredMixin, View):
    """The lot's labels as a PDF of A4 sticker sheets. Another producer's lot: 404."""

    def get(self, request, pk):
        lot = get_object_or_404(
            trace.producer_lot_list(producer=self.producer).select_related("producer__partner"),
            pk=pk,
        )
        try:
            count = int(request.GET.get("count", trace.LABELS_PER_PAGE))
        except ValueError:
            count = trace.LABELS_PER_PAGE
        url = request.build_absolute_uri(lot.get_absolute_url())
        response = HttpResponse(
            trace.label_sheet_pdf(lot=lot, url=url, count=count), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="nhan-lo-{lot.code}.pdf"'
        return response
