"""The mentors' side of the shops elsewhere, in the Mentoring admin: the shops of their units'
members to verify (Mentoring → Shops to verify), the check itself ("đã kiểm tra"), a
screenshot (private storage, served only to the member's mentors), and a member's shops on
their page (Members → Shops elsewhere), where a mentor records one for the member to confirm.
Every view starts from what the person may see (mentoring.selling): a shop or member outside
their units is "not found". The rules are in mentoring.selling."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from mentoring import selling
from mentoring.member_pages import MemberPageFrame
from mentoring.models import Member, OnlineShop
from mentoring.selectors import today
from mentoring.selling_forms import OnlineShopForm, ShopCheckForm


def may_verify(user) -> bool:
    return user.has_perm(selling.VERIFY_PERMISSION)


class _AdminPage(WagtailAdminTemplateMixin):
    header_icon = "link"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        # search_form=None: not Oscar's (see mentoring.admin.scoping.ScopedViewMixin)
        return {**super().get_context_data(**kwargs), "search_form": None}


class ShopsToVerifyView(_AdminPage, TemplateView):
    """The confirmed shops of the mentor's members: never checked first."""

    page_title = _("Shops to verify")
    template_name = "mentoring/admin/shops_to_verify.html"
    LIMIT = 500  # the longest-unchecked first; a mentor works down the list

    def dispatch(self, request, *args, **kwargs):
        if not may_verify(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        shops = selling.shops_to_verify(self.request.user)[: self.LIMIT]
        return {**super().get_context_data(**kwargs), "shops": shops}


class ShopCheckView(_AdminPage, FormView):
    """Record a check of one shop, with the shop's earlier checks beside it."""

    page_title = _("Check a shop")
    template_name = "mentoring/admin/shop_check.html"
    form_class = ShopCheckForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.shop = selling.shop_for_mentor(user=request.user, pk=kwargs["pk"])
        except OnlineShop.DoesNotExist as missing:
            raise Http404 from missing
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.shop.member.full_name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("mentoring_shops:index"), "label": gettext("Shops to verify")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        return {"checked_on": today()}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "shop": self.shop,
            "member": self.shop.member,
            "checks": self.shop.checks.select_related("checked_by"),
            "back_url": reverse("mentoring_shops:index"),
        }

    def form_valid(self, form):
        try:
            selling.shop_check(shop=self.shop, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext("Check recorded."))
        return redirect("mentoring_shops:index")


class ShopScreenshotView(View):
    """The screenshot of a shop, from private storage, to the member's mentors only."""

    def get(self, request, pk):
        try:
            shop = selling.shop_for_mentor(user=request.user, pk=pk)
        except OnlineShop.DoesNotExist as missing:
            raise Http404 from missing
        if not shop.screenshot:
            raise Http404
        response = FileResponse(shop.screenshot.open("rb"))
        response["Cache-Control"] = "private, no-store"
        return response


class MemberShopsView(MemberPageFrame, _AdminPage, FormView):
    """A member's shops elsewhere, on their page in the admin; the mentor may record one for
    the member, which waits for the member's confirmation on their own phone."""

    page_title = _("Shops elsewhere")
    template_name = "mentoring/admin/member_online_shops.html"
    form_class = OnlineShopForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.member = selling.member_for_mentor(user=request.user, member_id=kwargs["pk"])
        except Member.DoesNotExist as missing:
            raise Http404 from missing
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        shops = list(selling.shops_of_member(self.member))
        for shop in shops:
            shop.last_check = max(shop.checks.all(), key=lambda c: c.checked_on, default=None)
        return {
            **super().get_context_data(**kwargs),
            "member": self.member,
            "shops": shops,
            "portal_url": self.request.build_absolute_uri(reverse("portal:online_shops")),
        }

    def form_valid(self, form):
        try:
            selling.shop_record(
                member=self.member,
                by=self.request.user,
                url=form.cleaned_data["url"],
                since=form.cleaned_data["since"],
                screenshot=form.cleaned_data.get("screenshot"),
                for_member=True,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Shop recorded. The member confirms it from their own phone."),
        )
        return redirect("mentoring_members:online_shops", self.member.pk)


# Under /cms-admin/mentoring/online-shops/ (wagtail_hooks).
urlpatterns = [
    path("", ShopsToVerifyView.as_view(), name="index"),
    path("<int:pk>/check/", ShopCheckView.as_view(), name="check"),
    path("<int:pk>/screenshot/", ShopScreenshotView.as_view(), name="screenshot"),
]

# On the member's pages (mentoring.admin.members).
member_urlpatterns = [
    path("online-shops/<int:pk>/", MemberShopsView.as_view(), name="online_shops"),
]
