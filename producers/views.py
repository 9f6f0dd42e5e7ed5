import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import ListView, TemplateView

from producers import identification, trace
from producers.models import IdentityDocument
from producers.selectors import (
    producer_directory,
    producer_district_find,
    producer_district_list,
    producer_identified_on,
    producer_products,
    producers_public,
)


class ProducerDirectoryView(ListView):
    """/shop/producers/: approved producers, filterable by former district (?district= its
    code, or its name as older links and buyers write it)."""

    template_name = "producers/directory.html"
    context_object_name = "producers"
    paginate_by = 24

    def get_queryset(self):
        self.district = producer_district_find(self.request.GET.get("district", ""))
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
            producers_public()
            .select_related("partner", "commune", "former_district")
            .prefetch_related("photos"),
            slug=kwargs["slug"],
        )
        context["producer"] = producer
        context["products"] = producer_products(producer=producer)
        context["identified_on"] = producer_identified_on(producer=producer)
        return context


logger = logging.getLogger(__name__)


class AfterCloseResponse(TemplateResponse):
    """A page with work to do once the server has sent it: the WSGI server calls close() after
    the last byte (runserver, gunicorn), Django's test client too. The work runs before
    Django's own close(), whose request_finished signal then closes the database connection
    it may have opened."""

    def after_close(self, work) -> None:
        self._after_close = [*getattr(self, "_after_close", []), work]

    def close(self):
        for work in getattr(self, "_after_close", []):
            try:
                work()
            except Exception:  # the page is sent: nothing may turn it into an error now
                logger.exception("work after the response failed")
        super().close()


# A read page: no request-wide transaction, so on SQLite it never queues for the write lock
# (with IMMEDIATE transactions every atomic request does) and many phones can read at once.
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class TraceView(TemplateView):
    """/t/<code>/: where a lot comes from, opened by scanning its label. Public, light and
    without JavaScript; a scan is counted unless it is the producer's own look or a bot."""

    template_name = "producers/trace.html"
    response_class = AfterCloseResponse

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Counted once the page has been sent (the server closes the response), and never at
        # the page's expense: see trace.lot_scan_record_quietly.
        if request.method == "GET":  # not HEAD (which Django answers with get())
            lot, user, agent = self.lot, request.user, request.headers.get("User-Agent", "")
            response.after_close(
                lambda: trace.lot_scan_record_quietly(lot=lot, user=user, user_agent=agent)
            )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lot = trace.lot_for_trace(kwargs["code"])
        if lot is None:
            raise Http404
        self.lot = lot
        context.update(lot=lot, producer=lot.producer, product=lot.product)
        context["can_buy"] = trace.lot_can_be_bought(lot)
        return context


class IdentityDocumentView(View):
    """One identity document, to reviewing staff only. Everyone else (the producer who sent
    it included: a shared phone must not show the card again) gets 404, not 403, so the
    address tells nothing about what exists."""

    def get(self, request, pk):
        document = get_object_or_404(IdentityDocument, pk=pk)
        try:
            handle = identification.identity_document_open(document=document, user=request.user)
        except (PermissionDenied, FileNotFoundError):
            raise Http404 from None
        response = FileResponse(handle, content_type=document.content_type)
        response["Content-Disposition"] = f'inline; filename="{document.kind}-{document.pk}"'
        # A PDF or picture opened from here may not run anything or be cached on the way.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
