from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from producers import trace
from producers.models import Producer
from producers.selectors import producer_directory, producer_district_list, producer_products


class ProducerDirectoryView(ListView):
    """/shop/producers/: approved producers, filterable by district (?district=…)."""

    template_name = "producers/directory.html"
    context_object_name = "producers"
    paginate_by = 24

    def get_queryset(self):
        self.district = self.request.GET.get("district", "").strip()
        return producer_directory(district=self.district)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["districts"] = producer_district_list()
        context["district"] = self.district
        return context


class ProducerDetailView(TemplateView):
    """/shop/producers/<slug>/: the story, photos and live products of an approved producer."""

    template_name = "producers/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        producer = get_object_or_404(
            Producer.objects.approved().select_related("partner").prefetch_related("photos"),
            slug=kwargs["slug"],
        )
        context["producer"] = producer
        context["products"] = producer_products(producer=producer)
        return context


class TraceView(TemplateView):
    """/t/<code>/: where a lot comes from, opened by scanning its label. Public, light and
    without JavaScript; a scan is counted unless it is the producer's own look or a bot."""

    template_name = "producers/trace.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lot = trace.lot_for_trace(kwargs["code"])
        if lot is None:
            raise Http404
        if self.request.method == "GET":
            trace.lot_scan_record(
                lot=lot,
                user=self.request.user,
                user_agent=self.request.headers.get("User-Agent", ""),
            )
        context.update(lot=lot, producer=lot.producer, product=lot.product)
        context["can_buy"] = trace.lot_can_be_bought(lot)
        return context
