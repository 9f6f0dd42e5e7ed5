"""Producer moderation in the Wagtail admin: a list with a review queue, and a review form.

The rules live in producers.services; these views only collect the decision and the reason.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from producers import services
from producers.models import Producer

DECISIONS = {
    "approve": services.producer_approve,
    "request_changes": services.producer_request_changes,
    "suspend": services.producer_suspend,
}


class ProducerReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", _("Approve: the producer may sell")),
            ("request_changes", _("Request changes: send it back with the reason")),
            ("suspend", _("Suspend: stop an approved producer from selling")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason for the producer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you request changes or suspend. The producer reads it."),
    )


class ProducerReviewView(WagtailAdminTemplateMixin, FormView):
    template_name = "producers/admin/review.html"
    form_class = ProducerReviewForm
    page_title = _("Review producer")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.MODERATION_PERMISSION):
            raise PermissionDenied
        self.producer = get_object_or_404(
            Producer.objects.select_related("partner"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.producer.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("producers_admin:index"), "label": _("Producers")},
            {"url": "", "label": f"{self.get_page_title()}: {self.producer.name}"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["producer"] = self.producer
        return context

    def form_valid(self, form):
        decide = DECISIONS[form.cleaned_data["decision"]]
        extra = (
            {} if decide is services.producer_approve else {"reason": form.cleaned_data["reason"]}
        )
        try:
            decide(producer=self.producer, by=self.request.user, **extra)
        except ValidationError as error:
            form.add_error("reason" if error.code == "reason_required" else None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(name)s” is now: %(status)s.")
            % {"name": self.producer.name, "status": self.producer.get_status_display()},
        )
        return redirect(reverse("producers_admin:index") + "?status=submitted")


class ProducerIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        review = ListingButton(
            _("Review"),
            url=reverse("producers_admin:review", kwargs={"pk": instance.pk}),
            icon_name="tick",
            priority=5,
        )
        return [review, *super().get_list_more_buttons(instance)]


class ProducerViewSet(ModelViewSet):
    """Producers for provincial staff; ?status=submitted is the review queue."""

    model = Producer
    index_view_class = ProducerIndexView
    icon = "group"
    menu_label = _("Producers")
    add_to_admin_menu = True
    url_prefix = "producers"
    name = "producers_admin"
    list_display = ["partner", "district", "kind", "status"]
    list_filter = ["status", "district", "kind"]
    search_fields = ["partner__name", "commune", "district"]
    # Status changes go through the review form, so the edit form leaves it out.
    form_fields = ["kind", "story", "commune", "district", "contact_phone", "latitude", "longitude"]
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/<int:pk>/", ProducerReviewView.as_view(), name="review"),
        ]
