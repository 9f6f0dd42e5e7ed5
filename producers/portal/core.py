"""The producer's own pages at /producer/: a three-step registration wizard and the portal home.

The wizard keeps no state of its own: each visit to /producer/ looks at what exists (an
account, a producer, a product) and sends the person to the first missing step, so they can
stop on a slow connection and carry on later, even from another phone.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.models import User
from core.qr import qr_code
from marketplace.order.models import Order
from marketplace.order.statuses import LineStatus
from marketplace.payment import services as payment_services
from marketplace.sandbox import sandbox_policy
from producers import assisted, fulfilment, listing, product_import, selectors, services, trace
from producers.forms import (
    AccountForm,
    FirstProductForm,
    LineActionForm,
    LotForm,
    ProductForm,
    ProductImportForm,
    ProfileForm,
    SellingSetupForm,
)

STEP_COUNT = 3
# A mentor's draft the person opened before having an account (see ConfirmDraftView): once
# signed in, the wizard leads back to it instead of to a blank profile.
PENDING_DRAFT_SESSION_KEY = "producers.pending_draft"
# The sandbox shop (Producer.is_sandbox: a training's practice shop) the person is working
# in, if any: the portal's pages then work on it instead of the account's own producer.
SANDBOX_PRODUCER_SESSION_KEY = "producers.practice_producer"


def _pending_links():
    """Links another app's pages handle that a visitor opened before having an account
    (CHOPHIEN_PORTAL_PENDING_LINKS): once signed in, the wizard leads back to the link."""
    return [import_string(path) for path in settings.CHOPHIEN_PORTAL_PENDING_LINKS]


def _next_step_url(request) -> str:
    if not request.user.is_authenticated:
        return reverse("portal:account")
    producer = selectors.producer_for_user(user=request.user)
    pending = request.session.get(PENDING_DRAFT_SESSION_KEY)
    if producer is None and pending and assisted.draft_for_token(pending) is not None:
        return reverse("portal:confirm_draft", args=[pending])
    if producer is None:
        for pending_link in _pending_links():
            if url := pending_link(request):
                return url
        return reverse("portal:profile")
    if not selectors.producer_product_list(producer=producer).exists():
        return reverse("portal:product")
    return reverse("portal:home")


class WizardEntryView(View):
    def get(self, request):
        return redirect(_next_step_url(request))


class WizardStepView(FormView):
    template_name = "producers/portal/step.html"
    step_number = 0

    def dispatch(self, request, *args, **kwargs):
        # A step that is already done sends the person on to the next missing one.
        if _next_step_url(request) != request.path:
            return redirect(_next_step_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(step_number=self.step_number, step_count=STEP_COUNT)
        return context


class AccountStepView(WizardStepView):
    form_class = AccountForm
    step_number = 1

    def form_valid(self, form):
        data = form.cleaned_data
        user = User.objects.create_user(
            phone=data["phone"],
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        login(self.request, user, backend="accounts.backends.EmailOrPhoneBackend")
        return redirect(_next_step_url(self.request))


class ProfileStepView(LoginRequiredMixin, WizardStepView):
    form_class = ProfileForm
    step_number = 2

    def form_valid(self, form):
        services.producer_register(user=self.request.user, **form.cleaned_data)
        return redirect(_next_step_url(self.request))


class ProductStepView(LoginRequiredMixin, WizardStepView):
    form_class = FirstProductForm
    step_number = 3

    def form_valid(self, form):
        producer = selectors.producer_for_user(user=self.request.user)
        listing.producer_product_add(producer=producer, **form.cleaned_data)
        services.producer_submit(producer=producer, by=self.request.user)
        return redirect(reverse("portal:home"))


class ProducerRequiredMixin(LoginRequiredMixin):
    """The signed-in person's producer, or on to the wizard. Every object a portal view
    touches is looked up through it, so one producer can never reach another's.

    A person who entered a sandbox shop they run (a trainee's practice shop, entered from
    the training's page) works on it instead, until they leave it (SandboxLeaveView): the
    same portal, on a producer nobody else sees."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.producer = None
            if sandbox_id := request.session.get(SANDBOX_PRODUCER_SESSION_KEY):
                self.producer = selectors.sandbox_producer_for_user(
                    user=request.user, producer_id=sandbox_id
                )
                if self.producer is None:  # no longer theirs: back to their own shop
                    request.session.pop(SANDBOX_PRODUCER_SESSION_KEY, None)
            if self.producer is None:
                self.producer = selectors.producer_for_user(user=request.user)
            if self.producer is None:
                return redirect(_next_step_url(request))
        return super().dispatch(request, *args, **kwargs)


class PortalHomeView(ProducerRequiredMixin, TemplateView):
    """The producer's home: status, the readiness checklist and their products."""

    template_name = "producers/portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["producer"] = self.producer
        products = list(selectors.producer_product_list(producer=self.producer))
        context["readiness"] = selectors.producer_readiness(
            producer=self.producer, products=products
        )
        context["products"] = products
        context["sales"] = selectors.producer_sales_summary(producer=self.producer)
        context["lots"] = trace.producer_lot_list(producer=self.producer)[:10]
        if self.producer.is_sandbox:
            context["sandbox_page_url"] = sandbox_policy().sandbox_page_url(producer=self.producer)
        return context


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


class OrderListView(ProducerRequiredMixin, ListView):
    """The producer's orders: only its own lines, newest first."""

    template_name = "producers/portal/orders.html"
    context_object_name = "orders"
    paginate_by = 20

    def get_queryset(self):
        return selectors.producer_order_list(producer=self.producer)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for order in context["orders"]:
            order.producer_part = selectors.producer_order_part(order=order)
        return context


class OrderDetailView(ProducerRequiredMixin, FormView):
    """One order: the producer's lines, the buyer's name, phone and delivery address, and the
    forms to mark lines sent or cancelled. Another producer's order number gives 404."""

    template_name = "producers/portal/order_detail.html"
    form_class = LineActionForm

    def get_order(self):
        if not hasattr(self, "order"):
            try:
                self.order = selectors.producer_order_detail(
                    producer=self.producer, number=self.kwargs["number"]
                )
            except Order.DoesNotExist as error:
                raise Http404 from error
        return self.order

    def get_form_kwargs(self):
        pending = [
            line for line in self.get_order().producer_lines if line.status == LineStatus.PENDING
        ]
        return {**super().get_form_kwargs(), "pending_lines": pending}

    def get_context_data(self, **kwargs):
        order = self.get_order()
        return {
            **super().get_context_data(**kwargs),
            "order": order,
            "part": selectors.producer_order_part(order=order),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if data["action"] == "dispatch":
                fulfilment.order_lines_dispatch(
                    producer=self.producer,
                    lines=data["lines"],
                    by=self.request.user,
                    tracking_number=data["tracking_number"],
                )
            else:
                fulfilment.order_lines_cancel(
                    producer=self.producer, lines=data["lines"], by=self.request.user
                )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(self.request.path)


class PaymentReceivedView(ProducerRequiredMixin, View):
    """The producer confirms the buyer's transfer or cash for their part of an order arrived."""

    def post(self, request, number):
        try:
            order = selectors.producer_order_detail(producer=self.producer, number=number)
        except Order.DoesNotExist as error:
            raise Http404 from error
        for source in order.producer_sources:
            try:
                payment_services.source_received_confirm(
                    source_id=source.pk, by=request.user, partner=self.producer.partner
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                break
        else:
            messages.success(request, _("Thank you: the payment is recorded as received."))
        return redirect("portal:order", number=number)


class RefundGivenView(ProducerRequiredMixin, View):
    """The producer gave back to the buyer what was paid for lines cancelled afterwards."""

    def post(self, request, number):
        try:
            order = selectors.producer_order_detail(producer=self.producer, number=number)
        except Order.DoesNotExist as error:
            raise Http404 from error
        for source in order.producer_sources:
            payment_services.source_refund_due_record(
                source_id=source.pk, by=request.user, partner=self.producer.partner
            )
        messages.success(request, _("Thank you: the money given back is recorded."))
        return redirect("portal:order", number=number)


class ProfileEditView(ProducerRequiredMixin, FormView):
    """The producer's own profile, for the readiness checklist's "complete your profile"."""

    template_name = "producers/portal/profile_form.html"
    form_class = ProfileForm

    def get_initial(self):
        producer = self.producer
        return {
            "name": producer.name,
            "kind": producer.kind,
            "district": producer.district,
            "commune": producer.commune,
            "story": producer.story,
        }

    def form_valid(self, form):
        services.producer_profile_update(
            producer=self.producer, by=self.request.user, **form.cleaned_data
        )
        return redirect(reverse("portal:home"))


class SellingSetupView(ProducerRequiredMixin, FormView):
    """How the signed-in producer is paid and ships, for the checklist's last two items. It
    works only on the person's own producer: there is no producer in the URL to change."""

    template_name = "producers/portal/selling_setup_form.html"
    form_class = SellingSetupForm

    def get_initial(self):
        return {name: getattr(self.producer, name) for name in services.SELLING_SETUP_FIELDS}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        password = data.pop("current_password", "")
        bank_changed = any(
            data[name] != getattr(self.producer, name) for name in services.BANK_FIELDS
        )
        if bank_changed:
            # Through the sign-in backends, so wrong guesses count as failed sign-ins
            # (django-axes): a stolen session cannot try passwords here without limit.
            if not _password_confirms(self.request, password):
                form.add_error("current_password", services.reauthentication_error())
                return self.form_invalid(form)
        try:
            services.producer_selling_setup_update(
                producer=self.producer, by=self.request.user, password=password, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if bank_changed:
            messages.success(self.request, _("Your bank account was changed."))
        return redirect(reverse("portal:home"))


def _password_confirms(request, password: str) -> bool:
    """The signed-in person typed their own password again."""
    user = request.user
    identifier = user.email or user.phone
    if not password or not identifier:
        return False
    return authenticate(request, username=identifier, password=password) == user


class ResubmitView(ProducerRequiredMixin, View):
    """Send the profile for review again after fixing what staff asked for."""

    def post(self, request):
        try:
            services.producer_submit(producer=self.producer, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(reverse("portal:home"))


class ConfirmDraftView(TemplateView):
    """The member opens the link their mentor gave them: they see the drafted shop and take it
    over with their own account (producers.assisted.draft_confirm)."""

    template_name = "producers/portal/confirm_draft.html"

    def dispatch(self, request, *args, **kwargs):
        self.draft = assisted.draft_for_token(kwargs["token"])
        if self.draft is None:
            request.session.pop(PENDING_DRAFT_SESSION_KEY, None)
            response = self.render_to_response({"invalid": True})
            response.status_code = 404
            return response
        if not request.user.is_authenticated:
            request.session[PENDING_DRAFT_SESSION_KEY] = kwargs["token"]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            draft=self.draft,
            products=selectors.producer_product_list(producer=self.draft),
            mentor=self.draft.drafted_by,
        )
        return context

    def post(self, request, token):
        if not request.user.is_authenticated:
            return redirect(request.path)
        try:
            assisted.draft_confirm(producer=self.draft, user=request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages))
        request.session.pop(PENDING_DRAFT_SESSION_KEY, None)
        messages.success(
            request,
            _("The shop is yours now. Staff will review it; you will see their answer here."),
        )
        return redirect(reverse("portal:home"))


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


def import_template_response() -> HttpResponse:
    response = HttpResponse(
        product_import.template_workbook(),
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
        checked = product_import.product_import_check(
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
        context["report"] = product_import.import_report(context["import"])
        context["producer"] = self.producer
        return context

    def post(self, request, pk):
        checked = self.get_import()
        add = functools.partial(listing.producer_product_add, producer=self.producer)
        try:
            done = product_import.product_import_commit(
                product_import=checked, by=request.user, add=add
            )
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


# --- Leaving a sandbox shop (the practice shops of trainings: mentoring.practice_portal_views) ---


class SandboxLeaveView(LoginRequiredMixin, View):
    """Back to one's own shop (or the wizard, for a trainee who has none yet)."""

    def post(self, request):
        request.session.pop(SANDBOX_PRODUCER_SESSION_KEY, None)
        return redirect("portal:start")
