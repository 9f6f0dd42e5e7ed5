"""The member's own page of their shops elsewhere, at /producer/online-shops/ (the portal's URL
namespace: config.urls mounts these with the producer portal): record a shop, confirm those
their mentor recorded for them, take one off. Phone-first, works without JavaScript. The
account must be the member's own (mentoring.accounts); the rules are in mentoring.selling."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from mentoring import selling
from mentoring.models import OnlineShop
from mentoring.selling_forms import OnlineShopForm


class SellingView(LoginRequiredMixin, FormView):
    """/producer/online-shops/: the member's shops and the form to add one."""

    template_name = "mentoring/portal/selling.html"
    form_class = OnlineShopForm

    def dispatch(self, request, *args, **kwargs):
        self.member = None
        if request.user.is_authenticated:
            try:
                self.member = selling.member_of(request.user)
            except PermissionDenied:
                pass
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shops = list(selling.shops_of_member(self.member)) if self.member else []
        for shop in shops:
            shop.last_check = max(shop.checks.all(), key=lambda c: c.checked_on, default=None)
        context.update(member=self.member, shops=shops)
        return context

    def post(self, request, *args, **kwargs):
        if self.member is None:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            selling.shop_record(
                member=self.member,
                by=self.request.user,
                url=form.cleaned_data["url"],
                since=form.cleaned_data["since"],
                screenshot=form.cleaned_data.get("screenshot"),
                for_member=False,
            )
        except ValidationError as error:
            field = "screenshot" if error.code in _PHOTO_CODES else None
            form.add_error(field, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Your shop is recorded. Your mentor will check it and count it.")
        )
        return redirect("portal:online_shops")


# producers.images' error codes: shown next to the screenshot field.
_PHOTO_CODES = {"not_an_image", "unsupported_type", "too_large", "too_many_pixels", "corrupt"}


class ShopActionView(LoginRequiredMixin, View):
    """Confirm or take off one of the member's own shops (another's: 404)."""

    action = "confirm"

    def post(self, request, pk):
        try:
            shop = selling.member_shop(user=request.user, pk=pk)
        except (PermissionDenied, OnlineShop.DoesNotExist) as missing:
            raise Http404 from missing
        if self.action == "confirm":
            selling.shop_confirm(shop=shop, user=request.user)
            messages.success(request, _("Thank you: the shop is confirmed as yours."))
        else:
            selling.shop_remove(shop=shop, user=request.user)
            messages.success(request, _("The shop is taken off your list."))
        return redirect("portal:online_shops")


# Mounted in the producer portal's namespace ("portal") by config.urls, at /producer/.
urlpatterns = [
    path("online-shops/", SellingView.as_view(), name="online_shops"),
    path("online-shops/<int:pk>/confirm/", ShopActionView.as_view(), name="online_shop_confirm"),
    path(
        "online-shops/<int:pk>/remove/",
        ShopActionView.as_view(action="remove"),
        name="online_shop_remove",
    ),
]
