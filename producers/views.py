from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

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
