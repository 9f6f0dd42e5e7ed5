"""Moderation in the Wagtail admin: review queues of producers and of products, and one
review form for both. The rules live in producers.services and producers.listing; these views
only collect the decision and the reason.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from marketplace.catalogue.models import Product
from places.models import AdministrativeUnit
from places.selectors import former_districts_of, home_province
from producers import identification, listing, services
from producers.admin_columns import YesNoColumn
from producers.models import Producer, SellerIdentity


class ProducerFilterSet(WagtailFilterSet):
    """Status, kind, former district, and the producers whose place the map of 2025 could not
    read ("place not known": the text they typed names no commune we know), for staff to set
    by hand. They keep selling meanwhile."""

    place_not_known = django_filters.BooleanFilter(
        label=_("Commune not known yet"),
        field_name="commune",
        lookup_expr="isnull",
    )
    former_district = django_filters.ModelChoiceFilter(
        label=_("Former district"), queryset=lambda request: _former_districts()
    )
    # Producers selling from before seller identification existed keep their products on
    # sale (producers.identification): this finds them, to ask them to identify.
    identification_missing = django_filters.BooleanFilter(
        label=_("Identification missing"), method="_identification_missing"
    )

    class Meta:
        model = Producer
        fields = ["status", "kind", "former_district", "place_not_known"]

    def _identification_missing(self, queryset, name, value):
        if value is None:
            return queryset
        identified = SellerIdentity.objects.approved().values("producer_id")
        if value:
            return queryset.exclude(pk__in=identified)
        return queryset.filter(pk__in=identified)


def _former_districts():
    province = home_province()
    if province is None:
        return AdministrativeUnit.objects.none()
    return former_districts_of(province)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for the producer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you request changes or suspend. The producer reads it."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = choices


class ReviewView(WagtailAdminTemplateMixin, FormView):
    """Approve or send back one object. Subclasses name the queryset, the decisions (label and
    service) and the template part that shows the object."""

    template_name = "producers/admin/review.html"
    form_class = ReviewForm
    object_name = ""  # the keyword the services take: "producer" or "product"
    index_url_name = ""
    index_label = ""
    decisions: dict = {}
    permission = services.MODERATION_PERMISSION

    def get_queryset(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        choices = [(key, label) for key, (label, _service) in self.decisions.items()]
        return {**super().get_form_kwargs(), "choices": choices}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": f"{self.get_page_title()}: {self.object}"},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.object}

    def form_valid(self, form):
        decide = self.decisions[form.cleaned_data["decision"]][1]
        arguments = {self.object_name: self.object, "by": self.request.user}
        if form.cleaned_data["decision"] != "approve":
            arguments["reason"] = form.cleaned_data["reason"]
        try:
            decide(**arguments)
        except ValidationError as error:
            form.add_error("reason" if error.code == "reason_required" else None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Decision saved: %(object)s.") % {"object": self.object})
        self.after_decision(form.cleaned_data["decision"])
        return redirect(reverse(self.index_url_name) + "?" + self.queue_query)

    def after_decision(self, decision: str) -> None:
        """Something more to tell staff once the decision is saved."""

    def identification_wait_notice(self, producer) -> None:
        """Approved, but the seller is not identified: nothing goes on sale yet."""
        if producer is None or services.producer_is_identified(producer=producer):
            return
        messages.warning(
            self.request,
            _(
                "The seller is not identified yet, so nothing goes on sale until their "
                "identification is approved (Seller identification)."
            ),
        )


class ProducerReviewView(ReviewView):
    page_title = _("Review producer")
    header_icon = "group"
    object_name = "producer"
    index_url_name = "producers_admin:index"
    index_label = _("Producers")
    queue_query = "status=submitted"
    decisions = {
        "approve": (_("Approve: the producer may sell"), services.producer_approve),
        "request_changes": (
            _("Request changes: send it back with the reason"),
            services.producer_request_changes,
        ),
        "suspend": (
            _("Suspend: stop an approved producer from selling"),
            services.producer_suspend,
        ),
    }

    def get_queryset(self):
        return Producer.objects.select_related("partner")

    def after_decision(self, decision: str) -> None:
        if decision == "approve":
            self.identification_wait_notice(self.object)


class ProductReviewView(ReviewView):
    page_title = _("Review product")
    header_icon = "doc-full"
    object_name = "product"
    index_url_name = "product_review:index"
    index_label = _("Products to review")
    queue_query = "moderation=submitted"
    decisions = {
        "approve": (_("Approve: it may go on sale"), listing.product_approve),
        "request_changes": (
            _("Request changes: send it back with the reason"),
            listing.product_request_changes,
        ),
    }

    def get_queryset(self):
        return reviewable_products().prefetch_related("images", "stockrecords__partner")

    def after_decision(self, decision: str) -> None:
        if decision == "approve":
            producer = Producer.objects.filter(partner__stockrecords__product=self.object).first()
            self.identification_wait_notice(producer)


class IdentityReviewView(ReviewView):
    page_title = _("Review seller identification")
    header_icon = "user"
    object_name = "identity"
    index_url_name = "seller_identity:index"
    index_label = _("Seller identification")
    queue_query = "status=submitted"
    permission = identification.IDENTITY_PERMISSION
    decisions = {
        "approve": (
            _("Approve: the documents and the VNeID level-2 account match"),
            identification.identity_approve,
        ),
        "refuse": (_("Refuse: say what is wrong"), identification.identity_refuse),
    }

    def get_queryset(self):
        return SellerIdentity.objects.select_related("producer__partner").prefetch_related(
            "documents"
        )


def reviewable_products():
    """Products of producers, less the drafts a member has not confirmed yet (staff cannot
    act on those; see producers.assisted)."""
    return Product.objects.filter(stockrecords__partner__producer__isnull=False).exclude(
        moderation=Product.Moderation.DRAFTED
    )


def _review_button_index_view(url_name, base_queryset=None, title_label=None):
    class ReviewButtonIndexView(IndexView):
        @cached_property
        def columns(self):
            columns = super().columns
            if title_label is not None:
                # The first column stays Wagtail's title column (its link and its "Review"
                # button); only its heading changes, from the model field's own name.
                columns[0].label = title_label
            return columns

        def get_base_queryset(self):
            if base_queryset is None:
                return super().get_base_queryset()
            return base_queryset()

        def get_list_more_buttons(self, instance):
            review = ListingButton(
                _("Review"),
                url=reverse(url_name, kwargs={"pk": instance.pk}),
                icon_name="tick",
                priority=5,
            )
            return [review, *super().get_list_more_buttons(instance)]

    return ReviewButtonIndexView


class ProducerViewSet(ModelViewSet):
    """Producers for provincial staff; ?status=submitted is the review queue."""

    model = Producer
    index_view_class = _review_button_index_view(
        "producers_admin:review",
        # The list shows each producer's commune and former district: read with it.
        lambda: Producer.objects.select_related("partner", "commune", "former_district"),
        title_label=_("Producer"),
    )
    icon = "group"
    menu_label = _("Producers")
    add_to_admin_menu = True
    url_prefix = "producers"
    name = "producers_admin"
    list_display = [
        "partner",  # headed "Producer" by the index view, not Oscar's "Partner"
        "commune",
        "former_district",
        "kind",
        "status",
    ]
    filterset_class = ProducerFilterSet
    search_fields = [
        "partner__name",
        "commune__name",
        "former_district__name",
        "commune_as_typed",
        "district_as_typed",
    ]
    # Status changes go through the review form, so the edit form leaves it out. So are the bank
    # fields: where buyers' money goes is changed only by the producer, with their password
    # (producers.services.producer_selling_setup_update); staff see it on the inspect page.
    form_fields = [
        "kind",
        "story",
        "commune",
        "former_district",
        "contact_phone",
        "latitude",
        "longitude",
        "offers_pickup",
        "offers_local_delivery",
        "local_delivery_km",
        "local_delivery_communes",
        "offers_national_post",
        "pickup_address",
        "pickup_hours",
        "tax_code",  # decides whether the payout ledger withholds tax (payouts)
    ]
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/<int:pk>/", ProducerReviewView.as_view(), name="review"),
        ]


class ProductReviewViewSet(ModelViewSet):
    """Producers' products for staff to check; ?moderation=submitted is the queue. Staff edit
    catalogue data itself in the Oscar dashboard."""

    model = Product
    index_view_class = _review_button_index_view(
        "product_review:review", lambda: reviewable_products().distinct()
    )
    icon = "doc-full"
    menu_label = _("Products to review")
    add_to_admin_menu = True
    url_prefix = "product-review"
    name = "product_review"
    list_display = [
        "title",
        "origin_district",
        "moderation",
        YesNoColumn("is_public", label=_("On sale")),
    ]
    list_filter = ["moderation", "origin_district"]
    search_fields = ["title"]
    form_fields = ["moderation_reason"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/<int:pk>/", ProductReviewView.as_view(), name="review"),
        ]


class IdentityViewSet(ModelViewSet):
    """Seller identifications for staff; ?status=submitted is the review queue. Nothing is
    edited here: staff approve or refuse through the review form (audited)."""

    model = SellerIdentity
    index_view_class = _review_button_index_view(
        "seller_identity:review",
        lambda: SellerIdentity.objects.select_related("producer__partner"),
        title_label=_("Producer"),
    )
    icon = "user"
    menu_label = _("Seller identification")
    add_to_admin_menu = True
    url_prefix = "seller-identity"
    name = "seller_identity"
    list_display = ["producer", "holder", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "holder"]
    search_fields = ["producer__partner__name", "full_name"]
    form_fields = ["reason"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/<int:pk>/", IdentityReviewView.as_view(), name="review"),
        ]
