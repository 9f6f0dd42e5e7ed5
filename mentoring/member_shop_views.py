"""A mentor drafts a shop for one of their members, in the Mentoring admin (Members → Shop):
the producer profile, then products with photos, then the link the member opens on their own
phone to confirm. The rules are in mentoring.assisted (and producers.assisted); every view
starts from the members the person may see, so a member outside their units is "not found" on
every URL."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.qr import qr_svg
from mentoring import assisted
from mentoring.models import Member
from producers import selectors
from producers.assisted import confirm_token
from producers.forms import ProductForm, ProductImportForm, ProfileForm
from producers.portal.products import import_template_response
from producers.product_import.committing import import_report


class MemberShopMixin(WagtailAdminTemplateMixin):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.member = assisted.member_for_drafting(user=request.user, member_id=kwargs["pk"])
        except Member.DoesNotExist as missing:
            raise Http404 from missing
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def draft(self):
        return assisted.draft_of(self.member)

    def shop_url(self) -> str:
        return reverse("mentoring_members:shop", args=[self.member.pk])

    def get_page_subtitle(self):
        return self.member.full_name

    def get_breadcrumbs_items(self):
        items = self.breadcrumbs_items + [
            {"url": reverse("mentoring_members:index"), "label": gettext("Members")},
            {
                "url": reverse("mentoring_members:edit", args=[self.member.pk]),
                "label": self.member.full_name,
            },
        ]
        if not isinstance(self, MemberShopView):
            items.append({"url": self.shop_url(), "label": gettext("Member's shop")})
        return items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        # search_form=None: not Oscar's (see mentoring.admin.scoping.ScopedViewMixin)
        return {
            **super().get_context_data(**kwargs),
            "member": self.member,
            "draft": self.draft,
            "shop_url": self.shop_url(),
            "search_form": None,
        }


class MemberShopView(MemberShopMixin, TemplateView):
    """Where the member's shop stands: nothing yet, a draft (with the confirmation link), or
    their own since they confirmed."""

    page_title = _("Member's shop")
    template_name = "mentoring/admin/member_shop.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        producer = self.member.producer
        if producer is not None:
            context["producer"] = producer
            context["products"] = selectors.producer_product_list(producer=producer)
        if self.draft is not None:
            link = self.request.build_absolute_uri(
                reverse("portal:confirm_draft", args=[confirm_token(self.draft)])
            )
            context["confirm_link"] = link
            context["confirm_qr"] = qr_svg(link, label=gettext("Link to confirm the shop"))
        return context


class MemberShopFormView(MemberShopMixin, FormView):
    template_name = "mentoring/admin/member_shop_form.html"
    needs_draft = False

    def get(self, request, *args, **kwargs):
        # Once the member has confirmed, the shop is theirs alone; before a profile is
        # drafted there is nothing to add a product to. Both go back to the shop page.
        if self.member.producer is not None and self.draft is None:
            return redirect(self.shop_url())
        if self.needs_draft and self.draft is None:
            return redirect(reverse("mentoring_members:shop_profile", args=[self.member.pk]))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            self.save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.shop_url())


class MemberShopProfileView(MemberShopFormView):
    page_title = _("Producer profile")
    form_class = ProfileForm
    success_message = _("Profile draft saved. The member still has to confirm it.")

    def get_initial(self):
        if self.draft is None:
            return {"name": self.member.full_name, "story": self.member.specialty_product}
        return {
            "name": self.draft.name,
            "kind": self.draft.kind,
            "commune": self.draft.commune,
            "story": self.draft.story,
        }

    def save(self, data):
        assisted.member_shop_draft(member=self.member, by=self.request.user, **data)


class MemberShopProductView(MemberShopFormView):
    page_title = _("Draft a product")
    form_class = ProductForm
    needs_draft = True
    success_message = _("Product drafted. It waits for the member's confirmation.")

    def save(self, data):
        assisted.member_draft_product_add(member=self.member, by=self.request.user, **data)


class MemberShopImportView(MemberShopFormView):
    """Import the member's products from a spreadsheet (the dry run comes next). They stay
    drafts until the member confirms, like products drafted one by one."""

    page_title = _("Import products")
    template_name = "mentoring/admin/member_shop_import.html"
    form_class = ProductImportForm
    needs_draft = True

    def form_valid(self, form):
        try:
            checked = assisted.member_import_check(
                member=self.member,
                by=self.request.user,
                sheet=form.cleaned_data["sheet"],
                photos=form.cleaned_data.get("photos"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect("mentoring_members:shop_import_result", self.member.pk, checked.pk)


class MemberShopImportResultView(MemberShopMixin, TemplateView):
    """The dry run of an import for this member, and the button that drafts the products."""

    page_title = _("Import products")
    template_name = "mentoring/admin/member_shop_import_result.html"

    def get_import(self):
        if self.member.producer is None:
            raise Http404
        return get_object_or_404(
            self.member.producer.imports.filter(drafted_for__member=self.member),
            pk=self.kwargs["import_pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["import"] = checked = self.get_import()
        context["report"] = import_report(checked)
        return context

    def post(self, request, pk, import_pk):
        checked = self.get_import()
        try:
            done = assisted.member_import_commit(
                member=self.member, product_import=checked, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        if done.status == done.Status.DONE:
            messages.success(
                request,
                gettext("%(count)s products drafted. They wait for the member's confirmation.")
                % {"count": len(done.summary.get("created", []))},
            )
            return redirect(self.shop_url())
        return redirect(request.path)


class MemberShopImportTemplateView(MemberShopMixin, View):
    def get(self, request, pk):
        return import_template_response()


urlpatterns = [
    path("shop/<int:pk>/", MemberShopView.as_view(), name="shop"),
    path("shop/<int:pk>/profile/", MemberShopProfileView.as_view(), name="shop_profile"),
    path("shop/<int:pk>/products/new/", MemberShopProductView.as_view(), name="shop_product"),
    path("shop/<int:pk>/import/", MemberShopImportView.as_view(), name="shop_import"),
    path(
        "shop/<int:pk>/import/template.xlsx",
        MemberShopImportTemplateView.as_view(),
        name="shop_import_template",
    ),
    path(
        "shop/<int:pk>/import/<int:import_pk>/",
        MemberShopImportResultView.as_view(),
        name="shop_import_result",
    ),
]
