"""The producer's products: add or edit one, its photos, and the spreadsheet import
(producers.product_import): template, upload, dry run and commit."""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from producers import listing, selectors
from producers.forms import ProductForm, ProductImportForm
from producers.portal.core import ProducerRequiredMixin
from producers.product_import.committing import (
    import_report,
    product_import_check,
    product_import_commit,
)
from producers.product_import.template import template_workbook


class ProductFormView(ProducerRequiredMixin, FormView):
    """Add a product (no pk) or edit one of the producer's own (pk; another's gives 404)."""

    template_name = "producers/portal/product_form.html"
    form_class = ProductForm

    def get_product(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            selectors.producer_product_list(producer=self.producer), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.product = self.get_product()
        kwargs["photo_required"] = self.product is None
        kwargs["photo_count"] = len(self.product.images.all()) if self.product else 0
        if self.product is not None:
            kwargs["initial"] = selectors.producer_product_initial(product=self.product)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["product"] = self.product
        return context

    def form_valid(self, form):
        if self.product is None:
            listing.producer_product_add(producer=self.producer, **form.cleaned_data)
        else:
            listing.producer_product_update(
                producer=self.producer,
                product=self.product,
                by=self.request.user,
                **form.cleaned_data,
            )
        return redirect(reverse("portal:home"))


class ProductPhotoView(ProducerRequiredMixin, View):
    """Remove one of a product's photos, or show it first. Another producer's: 404."""

    def post(self, request, pk, image_id):
        product = get_object_or_404(selectors.producer_product_list(producer=self.producer), pk=pk)
        get_object_or_404(product.images, pk=image_id)
        action = (
            listing.product_photo_remove
            if request.POST.get("action") == "remove"
            else listing.product_photo_make_first
        )
        try:
            action(producer=self.producer, product=product, image_id=image_id, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("portal:product_edit", pk=pk)


def import_template_response() -> HttpResponse:
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-san-pham.xlsx"'
    return response


class ProductImportTemplateView(ProducerRequiredMixin, View):
    def get(self, request):
        return import_template_response()


class ProductImportView(ProducerRequiredMixin, FormView):
    """Upload the product spreadsheet (and ZIP of photos): the dry run comes next."""

    template_name = "producers/portal/product_import.html"
    form_class = ProductImportForm

    def form_valid(self, form):
        checked = product_import_check(
            producer=self.producer,
            by=self.request.user,
            sheet=form.cleaned_data["sheet"],
            photos=form.cleaned_data.get("photos"),
        )
        return redirect("portal:product_import_result", pk=checked.pk)


class ProductImportResultView(ProducerRequiredMixin, TemplateView):
    """The dry run of one of the producer's imports, and the button that creates the products.
    Another producer's import: 404."""

    template_name = "producers/portal/product_import_result.html"

    def get_import(self):
        return get_object_or_404(
            self.producer.imports.filter(for_draft=False), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["import"] = self.get_import()
        context["report"] = import_report(context["import"])
        context["producer"] = self.producer
        return context

    def post(self, request, pk):
        checked = self.get_import()
        add = functools.partial(listing.producer_product_add, producer=self.producer)
        try:
            done = product_import_commit(product_import=checked, by=request.user, add=add)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("portal:product_import_result", pk=pk)
        if done.status == done.Status.DONE:
            count = len(done.summary.get("created", []))
            messages.success(
                request,
                _("%(count)s products were created. Staff will review them before they go on sale.")
                % {"count": count},
            )
            return redirect("portal:home")
        return redirect("portal:product_import_result", pk=pk)
